// nn.AvgPool2d (floor mode, count_include_pad=True).
namespace FaceAlign.Nn.Layers;

public sealed class AvgPool2d(int kernelSize, int stride, int padding = 0) : Layer
{
    public override Tensor Forward(Tensor x) => Functional.AvgPool2d(x, kernelSize, stride, padding);
}
