// Pooling and reshaping layers without parameters (MaxPool2d, AvgPool2d, GlobalAvgPool2d, Flatten), thin wrappers
// over Functional kept in one file for the same reason as Activations.cs.
namespace FaceAlign.Nn.Layers;

public sealed class MaxPool2d(int kernelSize, int stride, int padding = 0) : Layer
{
    public override Tensor Forward(Tensor x) => Functional.MaxPool2d(x, kernelSize, stride, padding);
}

public sealed class AvgPool2d(int kernelSize, int stride, int padding = 0) : Layer
{
    public override Tensor Forward(Tensor x) => Functional.AvgPool2d(x, kernelSize, stride, padding);
}

/// <summary>(N, C, H, W) → (N, C, 1, 1), as nn.AdaptiveAvgPool2d(1).</summary>
public sealed class GlobalAvgPool2d : Layer
{
    public override Tensor Forward(Tensor x) => Functional.GlobalAvgPool2d(x);
}

/// <summary>(N, ...) → (N, rest).</summary>
public sealed class Flatten : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Flatten(x);
}
