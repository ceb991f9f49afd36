using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// Vector reconstruction. Up has no dependency along the row and runs 32 or 16 bytes at a time. Sub, Average and
/// Paeth depend on the pixel just reconstructed, so — as libpng's SSE2 filters do — they work one whole pixel
/// (3, 4, 6 or 8 bytes) per step with every byte of it in one vector, instead of one byte per step. Rows passed to
/// these hold whole pixels (length a multiple of bpp).
/// </summary>
internal static partial class PngFilters
{
    private static void UnfilterUp(Span<byte> row, ReadOnlySpan<byte> prior)
    {
        prior = prior[..row.Length];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        int n = row.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
                (Vector256.LoadUnsafe(ref r, (nuint)i) + Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
                (Vector128.LoadUnsafe(ref r, (nuint)i) + Vector128.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++)
            row[i] += prior[i];
    }

    private static void UnfilterSubVector(Span<byte> row, int bpp)
    {
        ref byte r = ref MemoryMarshal.GetReference(row);
        var left = Vector128<byte>.Zero;
        for (int i = 0; i < row.Length; i += bpp)
        {
            left += LoadPixel(ref Unsafe.Add(ref r, i), bpp);
            StorePixel(ref Unsafe.Add(ref r, i), left, bpp);
        }
    }

    private static void UnfilterAverageVector(Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        prior = prior[..row.Length];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        var left = Vector128<byte>.Zero;
        for (int i = 0; i < row.Length; i += bpp)
        {
            var above = LoadPixel(ref Unsafe.Add(ref p, i), bpp);
            // floor((a + b) / 2) without widening: the shared bits plus half the differing ones.
            var average = (left & above) + Vector128.ShiftRightLogical(left ^ above, 1);
            left = LoadPixel(ref Unsafe.Add(ref r, i), bpp) + average;
            StorePixel(ref Unsafe.Add(ref r, i), left, bpp);
        }
    }

    private static void UnfilterPaethVector(Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        prior = prior[..row.Length];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        // a = left, b = above, c = upper-left, each byte widened to a 16-bit lane so a + b − 2c cannot wrap.
        var a = Vector128<short>.Zero;
        var c = Vector128<short>.Zero;
        for (int i = 0; i < row.Length; i += bpp)
        {
            var b = Vector128.WidenLower(LoadPixel(ref Unsafe.Add(ref p, i), bpp)).AsInt16();
            var pa = Vector128.Abs(b - c);
            var pb = Vector128.Abs(a - c);
            var pc = Vector128.Abs(a + b - c - c);
            var predictor = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(pb, pc), b, c);
            predictor = Vector128.ConditionalSelect(
                Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc), a, predictor);
            var x = LoadPixel(ref Unsafe.Add(ref r, i), bpp)
                + Vector128.Narrow(predictor.AsUInt16(), predictor.AsUInt16());
            StorePixel(ref Unsafe.Add(ref r, i), x, bpp);
            a = Vector128.WidenLower(x).AsInt16();
            c = b;
        }
    }

    // Exactly bpp bytes are read and written, so a 3-byte pixel never touches its neighbour.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LoadPixel(ref byte at, int bpp) => bpp switch
    {
        3 => Vector128.CreateScalar(Unsafe.ReadUnaligned<ushort>(ref at) | (uint)Unsafe.Add(ref at, 2) << 16).AsByte(),
        4 => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref at)).AsByte(),
        6 => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref at)
            | (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref at, 4)) << 32).AsByte(),
        _ => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref at)).AsByte(),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePixel(ref byte at, Vector128<byte> pixel, int bpp)
    {
        ulong bytes = pixel.AsUInt64().ToScalar();
        switch (bpp)
        {
            case 3:
                Unsafe.WriteUnaligned(ref at, (ushort)bytes);
                Unsafe.Add(ref at, 2) = (byte)(bytes >> 16);
                break;
            case 4:
                Unsafe.WriteUnaligned(ref at, (uint)bytes);
                break;
            case 6:
                Unsafe.WriteUnaligned(ref at, (uint)bytes);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 4), (ushort)(bytes >> 32));
                break;
            default:
                Unsafe.WriteUnaligned(ref at, bytes);
                break;
        }
    }
}
