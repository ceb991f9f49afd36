// nn.Flatten(1): (N, ...) → (N, rest).
namespace FaceAlign.Nn.Layers;

public sealed class Flatten : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Flatten(x);
}
