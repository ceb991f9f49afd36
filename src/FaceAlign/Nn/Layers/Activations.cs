// Parameter-free element-wise layers (ReLU, ReLU6, LeakyReLU, Sigmoid, Softmax) as thin wrappers over Functional;
// kept together because each is one line. PReLU has a parameter and its own file.
namespace FaceAlign.Nn.Layers;

public sealed class ReLU : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Relu(x);
}

public sealed class ReLU6 : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Relu6(x);
}

public sealed class LeakyReLU(float negativeSlope = 0.01f) : Layer
{
    public float NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor x) => Functional.LeakyRelu(x, NegativeSlope);
}

public sealed class Sigmoid : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Sigmoid(x);
}

public sealed class Softmax(int dim) : Layer
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor x) => Functional.Softmax(x, Dim);
}
