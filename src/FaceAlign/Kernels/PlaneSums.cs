// Sums over one short plane (a BatchNorm channel of one image: 196–3,136 floats), in a single inline loop. On planes
// this short TensorPrimitives' per-call set-up cost as much as the arithmetic, and its Subtract + SumOfSquares pair
// wrote the centred plane only to read it again. Vector512 with two accumulators; otherwise TensorPrimitives.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

internal static class PlaneSums
{
    /// <summary>Σ x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x)
    {
        if (!Vector512.IsHardwareAccelerated) return TensorPrimitives.Sum(x);
        ref float p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        var s0 = Vector512<float>.Zero; var s1 = s0;
        int i = 0;
        for (; i + 32 <= x.Length; i += 32)
        {
            s0 += Vector512.LoadUnsafe(ref p, (nuint)i);
            s1 += Vector512.LoadUnsafe(ref p, (nuint)i + 16);
        }
        if (i + 16 <= x.Length)
        {
            s0 += Vector512.LoadUnsafe(ref p, (nuint)i);
            i += 16;
        }
        float sum = Vector512.Sum(s0 + s1);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary>Σ (x − mean)², each difference rounded to float before it is squared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float CentredSumOfSquares(ReadOnlySpan<float> x, float mean)
    {
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
            var m = Vector512.Create(mean);
            var s0 = Vector512<float>.Zero; var s1 = s0;
            for (; i + 32 <= x.Length; i += 32)
            {
                var d0 = Vector512.LoadUnsafe(ref p, (nuint)i) - m;
                var d1 = Vector512.LoadUnsafe(ref p, (nuint)i + 16) - m;
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            }
            if (i + 16 <= x.Length)
            {
                var d0 = Vector512.LoadUnsafe(ref p, (nuint)i) - m;
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                i += 16;
            }
            sum = Vector512.Sum(s0 + s1);
        }
        for (; i < x.Length; i++)
        {
            float d = x[i] - mean;
            sum = MathF.FusedMultiplyAdd(d, d, sum);
        }
        return sum;
    }

    /// <summary>(Σ a, Σ a·b) in one pass; a and b have the same length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (b.Length != a.Length) throw new ArgumentException($"SumAndDot: lengths {a.Length} and {b.Length} differ");
        if (!Vector512.IsHardwareAccelerated) return (TensorPrimitives.Sum(a), TensorPrimitives.Dot(a, b));
        ref float pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref float pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var s0 = Vector512<float>.Zero; var s1 = s0; var d0 = s0; var d1 = s0;
        int i = 0;
        for (; i + 32 <= a.Length; i += 32)
        {
            var a0 = Vector512.LoadUnsafe(ref pa, (nuint)i);
            var a1 = Vector512.LoadUnsafe(ref pa, (nuint)i + 16);
            s0 += a0;
            s1 += a1;
            d0 = Vector512.FusedMultiplyAdd(a0, Vector512.LoadUnsafe(ref pb, (nuint)i), d0);
            d1 = Vector512.FusedMultiplyAdd(a1, Vector512.LoadUnsafe(ref pb, (nuint)i + 16), d1);
        }
        if (i + 16 <= a.Length)
        {
            var a0 = Vector512.LoadUnsafe(ref pa, (nuint)i);
            s0 += a0;
            d0 = Vector512.FusedMultiplyAdd(a0, Vector512.LoadUnsafe(ref pb, (nuint)i), d0);
            i += 16;
        }
        float sum = Vector512.Sum(s0 + s1), dot = Vector512.Sum(d0 + d1);
        for (; i < a.Length; i++)
        {
            sum += a[i];
            dot = MathF.FusedMultiplyAdd(a[i], b[i], dot);
        }
        return (sum, dot);
    }
}
