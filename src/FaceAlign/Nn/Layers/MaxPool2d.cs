// nn.MaxPool2d (floor mode, −∞ padding).
namespace FaceAlign.Nn.Layers;

public sealed class MaxPool2d(int kernelSize, int stride, int padding = 0) : Layer
{
    public override Tensor Forward(Tensor x) => Functional.MaxPool2d(x, kernelSize, stride, padding);
}
