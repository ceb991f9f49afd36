using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// JFIF YCbCr → RGB for one row (JFIF 1.02 §7) in libjpeg's 16-bit fixed point (jdcolor.c), so the result matches
/// djpeg exactly: R = Y + 1.402·Cr', G = Y − 0.34414·Cb' − 0.71414·Cr', B = Y + 1.772·Cb' with Cb' = Cb − 128.
/// The vector path does 16 pixels per step; the scalar one is the oracle and handles the tail.
/// </summary>
internal static class YCbCrToRgb
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int CrToR = 91881;   // FIX(1.40200)
    private const int CbToB = 116130;  // FIX(1.77200)
    private const int CrToG = 46802;   // FIX(0.71414)
    private const int CbToG = 22554;   // FIX(0.34414)

    /// <summary>Converts y.Length pixels (cb, cr at least as long) into rgb (3 bytes per pixel).</summary>
    public static void Convert(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        int width = y.Length;
        int done = 0;
        if (Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated && width >= 16)
            done = ConvertVector(y, cb[..width], cr[..width], rgb[..(3 * width)]);
        ConvertScalar(y[done..], cb[done..width], cr[done..width], rgb[(3 * done)..(3 * width)]);
    }

    public static void ConvertScalar(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        for (int i = 0; i < y.Length; i++)
        {
            int luma = y[i], b = cb[i] - 128, r = cr[i] - 128;
            rgb[3 * i] = ClampToByte(luma + ((CrToR * r + Half) >> ScaleBits));
            rgb[3 * i + 1] = ClampToByte(luma + ((-CbToG * b - CrToG * r + Half) >> ScaleBits));
            rgb[3 * i + 2] = ClampToByte(luma + ((CbToB * b + Half) >> ScaleBits));
        }
    }

    private static byte ClampToByte(int v) => (byte)Math.Clamp(v, 0, 255);

    // Returns how many pixels it converted (a multiple of 16).
    private static int ConvertVector(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        ref byte yRef = ref MemoryMarshal.GetReference(y);
        ref byte cbRef = ref MemoryMarshal.GetReference(cb);
        ref byte crRef = ref MemoryMarshal.GetReference(cr);
        ref byte outRef = ref MemoryMarshal.GetReference(rgb);
        int i = 0;
        for (; i + 16 <= y.Length; i += 16)
        {
            var yv = Vector256.WidenLower(Vector128.LoadUnsafe(ref yRef, (nuint)i).ToVector256Unsafe()).AsInt16();
            var cbv = Vector256.WidenLower(Vector128.LoadUnsafe(ref cbRef, (nuint)i).ToVector256Unsafe()).AsInt16() - Vector256.Create((short)128);
            var crv = Vector256.WidenLower(Vector128.LoadUnsafe(ref crRef, (nuint)i).ToVector256Unsafe()).AsInt16() - Vector256.Create((short)128);
            var (yLo, yHi) = Vector256.Widen(yv);
            var (cbLo, cbHi) = Vector256.Widen(cbv);
            var (crLo, crHi) = Vector256.Widen(crv);
            var r = Pack(Red(yLo, crLo), Red(yHi, crHi));
            var g = Pack(Green(yLo, cbLo, crLo), Green(yHi, cbHi, crHi));
            var b = Pack(Blue(yLo, cbLo), Blue(yHi, cbHi));
            Interleave(r, g, b, ref Unsafe.Add(ref outRef, 3 * i));
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Red(Vector256<int> y, Vector256<int> cr) =>
        y + ((cr * Vector256.Create(CrToR) + Vector256.Create(Half)) >> ScaleBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Green(Vector256<int> y, Vector256<int> cb, Vector256<int> cr) =>
        y + ((Vector256.Create(Half) - cb * Vector256.Create(CbToG) - cr * Vector256.Create(CrToG)) >> ScaleBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Blue(Vector256<int> y, Vector256<int> cb) =>
        y + ((cb * Vector256.Create(CbToB) + Vector256.Create(Half)) >> ScaleBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack(Vector256<int> lo, Vector256<int> hi)
    {
        var max = Vector256.Create(255);
        lo = Vector256.Min(Vector256.Max(lo, Vector256<int>.Zero), max);
        hi = Vector256.Min(Vector256.Max(hi, Vector256<int>.Zero), max);
        var shorts = Vector256.Narrow(lo, hi);
        return Vector128.Narrow(shorts.GetLower(), shorts.GetUpper()).AsByte();
    }

    // 16 R, 16 G, 16 B → 48 bytes RGBRGB…; each output vector takes its bytes from the three inputs by constant
    // shuffles (index 0x80 selects zero).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector128<byte> r, Vector128<byte> g, Vector128<byte> b, ref byte destination)
    {
        const byte Z = 0x80;
        var o0 = Vector128.Shuffle(r, Vector128.Create((byte)0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z, Z, 5))
            | Vector128.Shuffle(g, Vector128.Create(Z, (byte)0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z, Z))
            | Vector128.Shuffle(b, Vector128.Create(Z, Z, (byte)0, Z, Z, 1, Z, Z, 2, Z, Z, 3, Z, Z, 4, Z));
        var o1 = Vector128.Shuffle(r, Vector128.Create(Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z, 10, Z))
            | Vector128.Shuffle(g, Vector128.Create((byte)5, Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z, 10))
            | Vector128.Shuffle(b, Vector128.Create(Z, (byte)5, Z, Z, 6, Z, Z, 7, Z, Z, 8, Z, Z, 9, Z, Z));
        var o2 = Vector128.Shuffle(r, Vector128.Create(Z, (byte)11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15, Z, Z))
            | Vector128.Shuffle(g, Vector128.Create(Z, Z, (byte)11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15, Z))
            | Vector128.Shuffle(b, Vector128.Create((byte)10, Z, Z, 11, Z, Z, 12, Z, Z, 13, Z, Z, 14, Z, Z, 15));
        o0.StoreUnsafe(ref destination);
        o1.StoreUnsafe(ref destination, 16);
        o2.StoreUnsafe(ref destination, 32);
    }
}
