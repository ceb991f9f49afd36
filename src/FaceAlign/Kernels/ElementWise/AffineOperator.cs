using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>
/// y = clamp(scale·x + shift, min, max): bias-add (scale 1), BatchNorm's inference affine, each with a fused
/// ReLU (min 0) or ReLU6 (min 0, max 6); ±∞ bounds leave a side unclamped.
/// </summary>
public readonly struct AffineOperator(float scale, float shift, float min, float max) : IUnaryOperator
{
    public static AffineOperator For(float scale, float shift, Activation activation) => activation switch
    {
        Activation.Relu => new(scale, shift, 0, float.PositiveInfinity),
        Activation.Relu6 => new(scale, shift, 0, 6),
        _ => new(scale, shift, float.NegativeInfinity, float.PositiveInfinity),
    };

    public float Invoke(float x) => Math.Min(Math.Max(MathF.FusedMultiplyAdd(x, scale, shift), min), max);

    public Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.MinNative(Vector128.MaxNative(Vector128.FusedMultiplyAdd(x, Vector128.Create(scale), Vector128.Create(shift)), Vector128.Create(min)), Vector128.Create(max));

    public Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.MinNative(Vector256.MaxNative(Vector256.FusedMultiplyAdd(x, Vector256.Create(scale), Vector256.Create(shift)), Vector256.Create(min)), Vector256.Create(max));

    public Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.MinNative(Vector512.MaxNative(Vector512.FusedMultiplyAdd(x, Vector512.Create(scale), Vector512.Create(shift)), Vector512.Create(min)), Vector512.Create(max));
}
