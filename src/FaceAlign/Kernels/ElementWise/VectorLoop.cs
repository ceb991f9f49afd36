using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>
/// The one loop that drives every element-wise operator: the widest accelerated vector first, then narrower
/// widths for the tail, then scalars — so each operator is just its Invoke overloads. Output may alias an input
/// exactly (in place) but must not partially overlap it.
/// </summary>
public static class VectorLoop
{
    /// <summary>Widest vector the hardware accelerates, in bits (0: scalar only).</summary>
    internal static int BestWidth { get; } =
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 0;

    /// <summary>y[i] = op(x[i]).</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryOperator =>
        Map(op, x, y, BestWidth);

    /// <summary>z[i] = op(x[i], y[i]).</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) where TOp : struct, IBinaryOperator =>
        Map(op, x, y, z, BestWidth);

    /// <summary><see cref="Map{TOp}(TOp, ReadOnlySpan{float}, Span{float})"/> using vectors no wider than <paramref name="maxWidth"/> bits (tests force each).</summary>
    internal static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, int maxWidth) where TOp : struct, IUnaryOperator
    {
        int n = x.Length;
        if (y.Length < n)
            throw new ArgumentException($"destination holds {y.Length} values, source {n}", nameof(y));
        CheckOverlap(x, y);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint i = 0, count = (nuint)n;
        if (maxWidth >= 512)
            for (; i + 16 <= count; i += 16)
                op.Invoke(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
        if (maxWidth >= 256)
            for (; i + 8 <= count; i += 8)
                op.Invoke(Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
        if (maxWidth >= 128)
            for (; i + 4 <= count; i += 4)
                op.Invoke(Vector128.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
        for (; i < count; i++)
            Unsafe.Add(ref ys, i) = op.Invoke(Unsafe.Add(ref xs, i));
    }

    internal static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z, int maxWidth) where TOp : struct, IBinaryOperator
    {
        int n = x.Length;
        if (y.Length != n || z.Length < n)
            throw new ArgumentException($"operand lengths differ: {n}, {y.Length} → {z.Length}", nameof(z));
        CheckOverlap(x, z);
        CheckOverlap(y, z);
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float zs = ref MemoryMarshal.GetReference(z);
        nuint i = 0, count = (nuint)n;
        if (maxWidth >= 512)
            for (; i + 16 <= count; i += 16)
                op.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref zs, i);
        if (maxWidth >= 256)
            for (; i + 8 <= count; i += 8)
                op.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref zs, i);
        if (maxWidth >= 128)
            for (; i + 4 <= count; i += 4)
                op.Invoke(Vector128.LoadUnsafe(ref xs, i), Vector128.LoadUnsafe(ref ys, i)).StoreUnsafe(ref zs, i);
        for (; i < count; i++)
            Unsafe.Add(ref zs, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
    }

    private static void CheckOverlap(ReadOnlySpan<float> input, Span<float> output)
    {
        // In place is fine; a shifted overlap would read values this loop has already overwritten.
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException("input and output overlap without being the same span", nameof(output));
    }
}
