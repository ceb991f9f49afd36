// Derivatives of the clipping activations as masks: ReLU passes the gradient where 0 < v, ReLU6 where 0 < v < 6
// (v the pre-activation, or the activated output for fused convs — same sets). Vector256/128 paths with a scalar
// twin for tails and for machines without SIMD; ScalarAccumulate is also the test oracle.
using System.Runtime.Intrinsics;

namespace FaceAlign.Nn;

internal static class ActivationGrad
{
    /// <summary>dX[i] += dY[i] where lo &lt; v[i] &lt; hi.</summary>
    public static void Accumulate(ReadOnlySpan<float> v, float lo, float hi, ReadOnlySpan<float> dY, Span<float> dX) =>
        Run(v, lo, hi, dY, dX, accumulate: true);

    /// <summary>dst[i] = lo &lt; v[i] &lt; hi ? dY[i] : 0.</summary>
    public static void Mask(ReadOnlySpan<float> v, float lo, float hi, ReadOnlySpan<float> dY, Span<float> dst) =>
        Run(v, lo, hi, dY, dst, accumulate: false);

    public static void ScalarRun(ReadOnlySpan<float> v, float lo, float hi, ReadOnlySpan<float> dY, Span<float> dst, bool accumulate, int start = 0)
    {
        for (int i = start; i < v.Length; i++)
        {
            float g = v[i] > lo && v[i] < hi ? dY[i] : 0f;
            dst[i] = accumulate ? dst[i] + g : g;
        }
    }

    private static void Run(ReadOnlySpan<float> v, float lo, float hi, ReadOnlySpan<float> dY, Span<float> dst, bool accumulate)
    {
        if (dY.Length < v.Length || dst.Length < v.Length) throw new ArgumentException("ActivationGrad: spans are shorter than the values");
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vlo = Vector256.Create(lo);
            var vhi = Vector256.Create(hi);
            for (; i <= v.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.Create(v.Slice(i, Vector256<float>.Count));
                var inside = Vector256.GreaterThan(x, vlo) & Vector256.LessThan(x, vhi);
                var g = inside & Vector256.Create(dY.Slice(i, Vector256<float>.Count));
                var target = dst.Slice(i, Vector256<float>.Count);
                (accumulate ? Vector256.Create((ReadOnlySpan<float>)target) + g : g).CopyTo(target);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var vlo = Vector128.Create(lo);
            var vhi = Vector128.Create(hi);
            for (; i <= v.Length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var x = Vector128.Create(v.Slice(i, Vector128<float>.Count));
                var inside = Vector128.GreaterThan(x, vlo) & Vector128.LessThan(x, vhi);
                var g = inside & Vector128.Create(dY.Slice(i, Vector128<float>.Count));
                var target = dst.Slice(i, Vector128<float>.Count);
                (accumulate ? Vector128.Create((ReadOnlySpan<float>)target) + g : g).CopyTo(target);
            }
        }
        ScalarRun(v, lo, hi, dY, dst, accumulate, i);
    }
}
