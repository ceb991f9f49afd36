// nn.Softmax over one dimension.
namespace FaceAlign.Nn.Layers;

public sealed class Softmax(int dim) : Layer
{
    public int Dim { get; } = dim;

    public override Tensor Forward(Tensor x) => Functional.Softmax(x, Dim);
}
