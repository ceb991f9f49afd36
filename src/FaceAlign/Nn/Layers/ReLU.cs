// nn.ReLU: max(x, 0). Folded into a preceding conv by Fusion for inference.
namespace FaceAlign.Nn.Layers;

public sealed class ReLU : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Relu(x);
}
