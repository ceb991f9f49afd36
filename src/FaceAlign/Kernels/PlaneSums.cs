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
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => SumAndDot(a, b, default(OpenGate));

    /// <summary>
    /// (Σ g, Σ g·b) with g = gate(b, a) — a BatchNorm's Σ dZ and Σ dZ·x, dZ the gradient its fused activation lets
    /// through — in one pass; the same roundings, in the same order, as the ungated sums over the gated values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Sum, float Dot) SumAndDot<TGate>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, TGate gate) where TGate : struct, IGradientGate
    {
        if (b.Length != a.Length) throw new ArgumentException($"SumAndDot: lengths {a.Length} and {b.Length} differ");
        if (!Vector512.IsHardwareAccelerated) return GatedThroughScratch(a, b, gate);
        ref float pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref float pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var s0 = Vector512<float>.Zero; var s1 = s0; var d0 = s0; var d1 = s0;
        int i = 0;
        for (; i + 32 <= a.Length; i += 32)
        {
            var b0 = Vector512.LoadUnsafe(ref pb, (nuint)i);
            var b1 = Vector512.LoadUnsafe(ref pb, (nuint)i + 16);
            var a0 = gate.Apply(b0, Vector512.LoadUnsafe(ref pa, (nuint)i));
            var a1 = gate.Apply(b1, Vector512.LoadUnsafe(ref pa, (nuint)i + 16));
            s0 += a0;
            s1 += a1;
            d0 = Vector512.FusedMultiplyAdd(a0, b0, d0);
            d1 = Vector512.FusedMultiplyAdd(a1, b1, d1);
        }
        if (i + 16 <= a.Length)
        {
            var b0 = Vector512.LoadUnsafe(ref pb, (nuint)i);
            var a0 = gate.Apply(b0, Vector512.LoadUnsafe(ref pa, (nuint)i));
            s0 += a0;
            d0 = Vector512.FusedMultiplyAdd(a0, b0, d0);
            i += 16;
        }
        float sum = Vector512.Sum(s0 + s1), dot = Vector512.Sum(d0 + d1);
        for (; i < a.Length; i++)
        {
            float g = gate.Apply(b[i], a[i]);
            sum += g;
            dot = MathF.FusedMultiplyAdd(g, b[i], dot);
        }
        return (sum, dot);
    }

    /// <summary>Without Vector512: TensorPrimitives over the gated values (written to a scratch when the gate is not open).</summary>
    private static (float Sum, float Dot) GatedThroughScratch<TGate>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, TGate gate) where TGate : struct, IGradientGate
    {
        if (typeof(TGate) == typeof(OpenGate)) return (TensorPrimitives.Sum(a), TensorPrimitives.Dot(a, b));
        var rented = System.Buffers.ArrayPool<float>.Shared.Rent(a.Length);
        var g = rented.AsSpan(0, a.Length);
        for (int i = 0; i < g.Length; i++) g[i] = gate.Apply(b[i], a[i]);
        var result = (TensorPrimitives.Sum(g), TensorPrimitives.Dot(g, b));
        System.Buffers.ArrayPool<float>.Shared.Return(rented);
        return result;
    }
}
