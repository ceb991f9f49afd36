using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The AAN forward DCT with the eight rows of a block in eight Vector256 registers: one pass of the flow graph over
/// the registers transforms all eight columns at once. Transposing first (scalar, 28 swaps) makes that pass the row
/// pass, so the order and the arithmetic are those of the scalar path and the results are bit-identical.
/// </summary>
internal static partial class ForwardDct
{
    internal static void TransformScaledVector256(Span<float> block)
    {
        ref var rows = ref Unsafe.As<float, Vector256<float>>(ref MemoryMarshal.GetReference(block));
        Transpose(block);
        Columns(ref rows); // the rows, transposed
        Transpose(block);
        Columns(ref rows);
    }

    private static void Columns(ref Vector256<float> r)
    {
        var d0 = r;
        var d1 = Unsafe.Add(ref r, 1);
        var d2 = Unsafe.Add(ref r, 2);
        var d3 = Unsafe.Add(ref r, 3);
        var d4 = Unsafe.Add(ref r, 4);
        var d5 = Unsafe.Add(ref r, 5);
        var d6 = Unsafe.Add(ref r, 6);
        var d7 = Unsafe.Add(ref r, 7);
        var tmp0 = d0 + d7; var tmp7 = d0 - d7;
        var tmp1 = d1 + d6; var tmp6 = d1 - d6;
        var tmp2 = d2 + d5; var tmp5 = d2 - d5;
        var tmp3 = d3 + d4; var tmp4 = d3 - d4;

        var tmp10 = tmp0 + tmp3; var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2; var tmp12 = tmp1 - tmp2;
        r = tmp10 + tmp11;
        Unsafe.Add(ref r, 4) = tmp10 - tmp11;
        var z1 = (tmp12 + tmp13) * C4;
        Unsafe.Add(ref r, 2) = tmp13 + z1;
        Unsafe.Add(ref r, 6) = tmp13 - z1;

        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        var z5 = (tmp10 - tmp12) * C6;
        var z2 = tmp10 * C2MinusC6 + z5;
        var z4 = tmp12 * C2PlusC6 + z5;
        var z3 = tmp11 * C4;
        var z11 = tmp7 + z3; var z13 = tmp7 - z3;
        Unsafe.Add(ref r, 5) = z13 + z2;
        Unsafe.Add(ref r, 3) = z13 - z2;
        Unsafe.Add(ref r, 1) = z11 + z4;
        Unsafe.Add(ref r, 7) = z11 - z4;
    }

    private static void Transpose(Span<float> b)
    {
        for (int y = 0; y < 8; y++)
        {
            for (int x = y + 1; x < 8; x++)
                (b[y * 8 + x], b[x * 8 + y]) = (b[x * 8 + y], b[y * 8 + x]);
        }
    }
}
