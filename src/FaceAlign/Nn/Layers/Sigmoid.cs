// nn.Sigmoid: 1 / (1 + e^−x).
namespace FaceAlign.Nn.Layers;

public sealed class Sigmoid : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Sigmoid(x);
}
