// A module with one input and one output tensor: what Sequential chains. Multi-input or multi-output parts of
// a network (FPN, detection heads) derive from Module and expose their own Forward signatures.
namespace FaceAlign.Nn.Layers;

public abstract class Layer : Module
{
    public abstract Tensor Forward(Tensor x);
}
