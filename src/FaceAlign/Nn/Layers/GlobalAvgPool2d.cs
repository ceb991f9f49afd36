// Global average pooling (N, C, H, W) → (N, C, 1, 1), as nn.AdaptiveAvgPool2d(1).
namespace FaceAlign.Nn.Layers;

public sealed class GlobalAvgPool2d : Layer
{
    public override Tensor Forward(Tensor x) => Functional.GlobalAvgPool2d(x);
}
