// nn.LeakyReLU: x for x > 0, slope·x otherwise.
namespace FaceAlign.Nn.Layers;

public sealed class LeakyReLU(float negativeSlope = 0.01f) : Layer
{
    public float NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor x) => Functional.LeakyRelu(x, NegativeSlope);
}
