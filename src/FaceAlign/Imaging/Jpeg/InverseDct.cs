using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Dequantisation + 8×8 inverse DCT + level shift (T.81 A.3.3) with libjpeg's "islow" integer algorithm (jidctint.c:
/// Loeffler, Ligtenberg &amp; Moschytz, 13-bit constants, 2 extra bits between passes), so samples match djpeg's
/// default output exactly. This file holds the dispatcher and the scalar version (the test oracle and fallback);
/// <c>InverseDct.Vector256.cs</c> runs all 8 columns (then rows) at once.
/// </summary>
internal static partial class InverseDct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // FIX(x) = round(x · 2^13), jidctint.c.
    private const int Fix0_298631336 = 2446;
    private const int Fix0_390180644 = 3196;
    private const int Fix0_541196100 = 4433;
    private const int Fix0_765366865 = 6270;
    private const int Fix0_899976223 = 7373;
    private const int Fix1_175875602 = 9633;
    private const int Fix1_501321110 = 12299;
    private const int Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069;
    private const int Fix2_053119869 = 16819;
    private const int Fix2_562915447 = 20995;
    private const int Fix3_072711026 = 25172;

    /// <summary>True when <see cref="Transform"/> takes the Vector256 path.</summary>
    public static bool IsVectorized => Vector256.IsHardwareAccelerated && Avx2.IsSupported;

    /// <param name="coefficients">64 quantised coefficients, natural order.</param>
    /// <param name="quant">64 quantisation steps, natural order.</param>
    /// <param name="output">8 rows of 8 samples, <paramref name="stride"/> bytes apart.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        if (IsVectorized)
            TransformVector256(coefficients, quant, output, stride);
        else
            TransformScalar(coefficients, quant, output, stride);
    }

    /// <summary>
    /// A block whose AC coefficients are all zero is flat. islow gives every sample DESCALE(dc·2^Pass1Bits,
    /// Pass1Bits + 3) + 128 (its all-zero-AC shortcuts in jidctint.c), which this writes directly.
    /// </summary>
    public static void TransformDcOnly(int dequantisedDc, Span<byte> output, int stride)
    {
        _ = output[7 * stride + 7];
        byte value = Clamp(((dequantisedDc << Pass1Bits) + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3));
        for (int r = 0; r < 8; r++)
            output.Slice(r * stride, 8).Fill(value);
    }

    public static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quant = quant[..64];
        _ = output[7 * stride + 7];
        Span<int> ws = stackalloc int[64];

        // Pass 1: columns, results scaled up by 2^Pass1Bits.
        for (int c = 0; c < 8; c++)
        {
            int d0 = coefficients[c] * quant[c];
            int d1 = coefficients[8 + c] * quant[8 + c], d2 = coefficients[16 + c] * quant[16 + c];
            int d3 = coefficients[24 + c] * quant[24 + c], d4 = coefficients[32 + c] * quant[32 + c];
            int d5 = coefficients[40 + c] * quant[40 + c], d6 = coefficients[48 + c] * quant[48 + c];
            int d7 = coefficients[56 + c] * quant[56 + c];
            Butterfly(d0, d1, d2, d3, d4, d5, d6, d7, out int o0, out int o1, out int o2, out int o3,
                out int o4, out int o5, out int o6, out int o7, ConstBits - Pass1Bits);
            ws[c] = o0; ws[8 + c] = o1; ws[16 + c] = o2; ws[24 + c] = o3;
            ws[32 + c] = o4; ws[40 + c] = o5; ws[48 + c] = o6; ws[56 + c] = o7;
        }

        // Pass 2: rows, descaled by 2^(Pass1Bits + 3) (the 1/8 of the 2-D IDCT), then shifted by +128.
        for (int r = 0; r < 8; r++)
        {
            var row = ws.Slice(8 * r, 8);
            Butterfly(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], out int o0, out int o1,
                out int o2, out int o3, out int o4, out int o5, out int o6, out int o7, ConstBits + Pass1Bits + 3);
            var o = output.Slice(r * stride, 8);
            o[0] = Clamp(o0); o[1] = Clamp(o1); o[2] = Clamp(o2); o[3] = Clamp(o3);
            o[4] = Clamp(o4); o[5] = Clamp(o5); o[6] = Clamp(o6); o[7] = Clamp(o7);
        }
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v + 128, 0, 255);

    // One 1-D 8-point IDCT of jidctint.c; outputs are DESCALE(x, shift) = (x + 2^(shift-1)) >> shift.
    private static void Butterfly(int d0, int d1, int d2, int d3, int d4, int d5, int d6, int d7,
        out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7, int shift)
    {
        // Even part: the rotator is sqrt(2)·c(-6).
        int z1 = (d2 + d6) * Fix0_541196100;
        int tmp2 = z1 + d6 * -Fix1_847759065;
        int tmp3 = z1 + d2 * Fix0_765366865;
        int tmp0 = (d0 + d4) << ConstBits;
        int tmp1 = (d0 - d4) << ConstBits;
        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part (Figure 8 of the LL&M paper, with the common factor c(3) folded in).
        int t0 = d7, t1 = d5, t2 = d3, t3 = d1;
        int za = t0 + t3, zb = t1 + t2, zc = t0 + t2, zd = t1 + t3;
        int z5 = (zc + zd) * Fix1_175875602;
        t0 *= Fix0_298631336;
        t1 *= Fix2_053119869;
        t2 *= Fix3_072711026;
        t3 *= Fix1_501321110;
        za *= -Fix0_899976223;
        zb *= -Fix2_562915447;
        zc = zc * -Fix1_961570560 + z5;
        zd = zd * -Fix0_390180644 + z5;
        t0 += za + zc;
        t1 += zb + zd;
        t2 += zb + zc;
        t3 += za + zd;

        int round = 1 << (shift - 1);
        o0 = (tmp10 + t3 + round) >> shift;
        o7 = (tmp10 - t3 + round) >> shift;
        o1 = (tmp11 + t2 + round) >> shift;
        o6 = (tmp11 - t2 + round) >> shift;
        o2 = (tmp12 + t1 + round) >> shift;
        o5 = (tmp12 - t1 + round) >> shift;
        o3 = (tmp13 + t0 + round) >> shift;
        o4 = (tmp13 - t0 + round) >> shift;
    }
}
