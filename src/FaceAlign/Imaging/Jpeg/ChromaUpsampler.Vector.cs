using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Jpeg;

// Vectorised triangle filters. Both horizontal filters have the form
//   out[2i] = (3·s[i] + s[i−1] + evenBias) >> shift,   out[2i+1] = (3·s[i] + s[i+1] + oddBias) >> shift
// over a row s (the input samples for h2v1, the column sums 3·nearer + further for h2v2). libjpeg's edge cases are
// exactly this formula with s[−1] = s[0] and s[width] = s[width−1], so the row is copied into a scratch buffer with
// one replicated sample at each end and one loop handles every column. Even and odd results are packed as
// even | odd << 8 in 16-bit lanes, which in memory is the interleaved byte pair — no shuffles needed.
internal static partial class ChromaUpsampler
{
    /// <summary>Scratch length the vector filters need for a row of <paramref name="width"/> samples.</summary>
    public static int ScratchLength(int width) => width + 2;

    public static void FancyH2V1(ReadOnlySpan<byte> input, int width, Span<byte> output, Span<short> scratch)
    {
        input = input[..width];
        var s = scratch[..(width + 2)];
        Widen(input, s[1..]);
        s[0] = s[1];
        s[width + 1] = s[width];
        Triangle(s, width, output[..(2 * width)], evenBias: 1, oddBias: 2, shift: 2);
    }

    public static void FancyH2V2(ReadOnlySpan<byte> nearer, ReadOnlySpan<byte> further, int width, Span<byte> output, Span<short> scratch)
    {
        nearer = nearer[..width];
        further = further[..width];
        var s = scratch[..(width + 2)];
        ColumnSums(nearer, further, s[1..]);
        s[0] = s[1];
        s[width + 1] = s[width];
        Triangle(s, width, output[..(2 * width)], evenBias: 8, oddBias: 7, shift: 4);
    }

    private static void Widen(ReadOnlySpan<byte> input, Span<short> s)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte src = ref MemoryMarshal.GetReference(input);
            ref short dst = ref MemoryMarshal.GetReference(s);
            for (; i + 16 <= input.Length; i += 16)
                Vector256.WidenLower(Vector128.LoadUnsafe(ref src, (nuint)i).ToVector256Unsafe()).AsInt16().StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < input.Length; i++)
            s[i] = input[i];
    }

    private static void ColumnSums(ReadOnlySpan<byte> nearer, ReadOnlySpan<byte> further, Span<short> s)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref byte n = ref MemoryMarshal.GetReference(nearer);
            ref byte f = ref MemoryMarshal.GetReference(further);
            ref short dst = ref MemoryMarshal.GetReference(s);
            for (; i + 16 <= nearer.Length; i += 16)
            {
                var nv = Vector256.WidenLower(Vector128.LoadUnsafe(ref n, (nuint)i).ToVector256Unsafe()).AsInt16();
                var fv = Vector256.WidenLower(Vector128.LoadUnsafe(ref f, (nuint)i).ToVector256Unsafe()).AsInt16();
                (nv * 3 + fv).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < nearer.Length; i++)
            s[i] = (short)(nearer[i] * 3 + further[i]);
    }

    // s holds width + 2 samples (replicated edges at both ends); output gets 2·width bytes.
    private static void Triangle(ReadOnlySpan<short> s, int width, Span<byte> output, short evenBias, short oddBias, int shift)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref short src = ref MemoryMarshal.GetReference(s);
            ref byte dst = ref MemoryMarshal.GetReference(output);
            var eb = Vector256.Create(evenBias);
            var ob = Vector256.Create(oddBias);
            for (; i + 16 <= width; i += 16)
            {
                var previous = Vector256.LoadUnsafe(ref src, (nuint)i);
                var current = Vector256.LoadUnsafe(ref src, (nuint)(i + 1));
                var next = Vector256.LoadUnsafe(ref src, (nuint)(i + 2));
                var three = current * 3;
                var even = Vector256.ShiftRightLogical(three + previous + eb, shift);
                var odd = Vector256.ShiftRightLogical(three + next + ob, shift);
                (even | Vector256.ShiftLeft(odd, 8)).AsByte().StoreUnsafe(ref dst, (nuint)(2 * i));
            }
        }
        for (; i < width; i++)
        {
            int three = s[i + 1] * 3;
            output[2 * i] = (byte)((three + s[i] + evenBias) >> shift);
            output[2 * i + 1] = (byte)((three + s[i + 2] + oddBias) >> shift);
        }
    }
}
