using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Imaging.Jpeg;

// The islow IDCT with one Vector256<int> per row: pass 1 handles the 8 columns as 8 lanes, a transpose turns rows
// into lanes for pass 2, a second transpose brings the samples back to rows. Same integer arithmetic as the scalar
// version, so results are bit-identical. The 8×8 transpose needs AVX2 unpack/permute instructions.
internal static partial class InverseDct
{
    public static void TransformVector256(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quant = quant[..64];
        _ = output[7 * stride + 7];
        ref short c = ref MemoryMarshal.GetReference(coefficients);
        ref ushort q = ref MemoryMarshal.GetReference(quant);

        var r0 = Dequantise(ref c, ref q, 0);
        var r1 = Dequantise(ref c, ref q, 8);
        var r2 = Dequantise(ref c, ref q, 16);
        var r3 = Dequantise(ref c, ref q, 24);
        var r4 = Dequantise(ref c, ref q, 32);
        var r5 = Dequantise(ref c, ref q, 40);
        var r6 = Dequantise(ref c, ref q, 48);
        var r7 = Dequantise(ref c, ref q, 56);

        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits - Pass1Bits);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Butterfly(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits + Pass1Bits + 3);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);

        var rows0123 = PackToBytes(r0, r1, r2, r3).AsUInt64();
        var rows4567 = PackToBytes(r4, r5, r6, r7).AsUInt64();
        ref byte o = ref MemoryMarshal.GetReference(output);
        Unsafe.WriteUnaligned(ref o, rows0123.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, stride), rows0123.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 2 * stride), rows0123.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 3 * stride), rows0123.GetElement(3));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 4 * stride), rows4567.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 5 * stride), rows4567.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 6 * stride), rows4567.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 7 * stride), rows4567.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dequantise(ref short c, ref ushort q, int offset)
    {
        var coef = Vector256.WidenLower(Vector128.LoadUnsafe(ref c, (nuint)offset).ToVector256Unsafe());
        var step = Vector256.WidenLower(Vector128.LoadUnsafe(ref q, (nuint)offset).ToVector256Unsafe()).AsInt32();
        return coef * step;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PackToBytes(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var offset = Vector256.Create(128);
        var max = Vector256.Create(255);
        a = Vector256.Min(Vector256.Max(a + offset, Vector256<int>.Zero), max);
        b = Vector256.Min(Vector256.Max(b + offset, Vector256<int>.Zero), max);
        c = Vector256.Min(Vector256.Max(c + offset, Vector256<int>.Zero), max);
        d = Vector256.Min(Vector256.Max(d + offset, Vector256<int>.Zero), max);
        return Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3,
        ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7, int shift)
    {
        var z1 = (v2 + v6) * Vector256.Create(Fix0_541196100);
        var tmp2 = z1 + v6 * Vector256.Create(-Fix1_847759065);
        var tmp3 = z1 + v2 * Vector256.Create(Fix0_765366865);
        var tmp0 = (v0 + v4) << ConstBits;
        var tmp1 = (v0 - v4) << ConstBits;
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        var t0 = v7;
        var t1 = v5;
        var t2 = v3;
        var t3 = v1;
        var za = t0 + t3;
        var zb = t1 + t2;
        var zc = t0 + t2;
        var zd = t1 + t3;
        var z5 = (zc + zd) * Vector256.Create(Fix1_175875602);
        t0 *= Vector256.Create(Fix0_298631336);
        t1 *= Vector256.Create(Fix2_053119869);
        t2 *= Vector256.Create(Fix3_072711026);
        t3 *= Vector256.Create(Fix1_501321110);
        za *= Vector256.Create(-Fix0_899976223);
        zb *= Vector256.Create(-Fix2_562915447);
        zc = zc * Vector256.Create(-Fix1_961570560) + z5;
        zd = zd * Vector256.Create(-Fix0_390180644) + z5;
        t0 += za + zc;
        t1 += zb + zd;
        t2 += zb + zc;
        t3 += za + zd;

        var round = Vector256.Create(1 << (shift - 1));
        tmp10 += round;
        tmp11 += round;
        tmp12 += round;
        tmp13 += round;
        v0 = (tmp10 + t3) >> shift;
        v7 = (tmp10 - t3) >> shift;
        v1 = (tmp11 + t2) >> shift;
        v6 = (tmp11 - t2) >> shift;
        v2 = (tmp12 + t1) >> shift;
        v5 = (tmp12 - t1) >> shift;
        v3 = (tmp13 + t0) >> shift;
        v4 = (tmp13 - t0) >> shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1);
        var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3);
        var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5);
        var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7);
        var t7 = Avx2.UnpackHigh(r6, r7);

        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();

        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
