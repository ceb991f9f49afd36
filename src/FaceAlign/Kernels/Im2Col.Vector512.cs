using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

/// <summary>
/// Rows of at most 16 output pixels (PFLD's 14×14 and 7×7 maps) as one masked AVX-512 load and store each: the
/// general loops spent most of such a row on scalar tails (13 or 14 values: one 8-wide copy and 5–6 single ones;
/// stride 2 was scalar throughout). Lanes [lo, hi) of a row come from the image, the others are zero; masked-off
/// lanes are neither read nor written, so the loads may start before the image row and end past it.
/// </summary>
public static unsafe partial class Im2Col
{
    private static bool NarrowRows(in ConvGeometry g) => Avx512F.IsSupported && g.OutputWidth <= 16 && g.StrideWidth is 1 or 2;

    /// <summary>The masks one kernel column's rows use: its lanes [lo, hi) in the row, and (stride 2) the image values under them.</summary>
    private readonly struct NarrowTap
    {
        public readonly Vector512<float> Row, Tap, ImageLow, ImageHigh;
        public readonly int Lo;

        public NarrowTap(int wo, int lo, int hi, int stride)
        {
            Lo = lo;
            Row = Lanes(0, wo);
            Tap = Lanes(lo, hi);
            // Stride 2: output lane l reads image value 2l of a base 2·lo before the tap's first; the masks span
            // [2·lo, 2·hi − 1) over two vectors (the odd values in between are inside the row and dropped).
            ImageLow = stride == 2 ? Lanes(2 * lo, 2 * hi - 1) : default;
            ImageHigh = stride == 2 ? Lanes(2 * lo - 16, 2 * hi - 17) : default;
        }

        private static Vector512<float> Lanes(int from, int to)
        {
            var i = Vector512<int>.Indices;
            return (Vector512.GreaterThanOrEqual(i, Vector512.Create(from)) & Vector512.LessThan(i, Vector512.Create(to))).AsSingle();
        }
    }

    /// <summary>dst[0 .. wo) = the row: lane l ∈ [lo, hi) = src[(l − lo)·stride] (src at the tap's first image value), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnfoldNarrow(float* src, int stride, float* dst, in NarrowTap tap)
    {
        Vector512<float> v;
        if (stride == 1)
        {
            v = Avx512F.MaskLoad(src - tap.Lo, tap.Tap, Vector512<float>.Zero);
        }
        else
        {
            float* s0 = src - 2 * tap.Lo;
            var a = Avx512F.MaskLoad(s0, tap.ImageLow, Vector512<float>.Zero);
            var b = Avx512F.MaskLoad(s0 + 16, tap.ImageHigh, Vector512<float>.Zero);
            v = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
        }
        Avx512F.MaskStore(dst, tap.Row, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ZeroNarrow(float* dst, in NarrowTap tap) => Avx512F.MaskStore(dst, tap.Row, Vector512<float>.Zero);

    /// <summary>dst[(l − lo)·stride] += src[l] for l ∈ [lo, hi) (src the column row, dst at the tap's first image value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldNarrow(float* src, float* dst, int stride, in NarrowTap tap)
    {
        var s = Avx512F.MaskLoad(src, tap.Tap, Vector512<float>.Zero);
        if (stride == 1)
        {
            float* d0 = dst - tap.Lo;
            Avx512F.MaskStore(d0, tap.Tap, Avx512F.MaskLoad(d0, tap.Tap, Vector512<float>.Zero) + s);
            return;
        }
        // Lane l of the row goes to image value 2l of the base: even values of two vectors; odd ones add 0 (index
        // 16 picks lane 0 of the zero table).
        float* b0 = dst - 2 * tap.Lo;
        var low = Avx512F.PermuteVar16x32x2(s, Vector512.Create(0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16), Vector512<float>.Zero);
        var high = Avx512F.PermuteVar16x32x2(s, Vector512.Create(8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16), Vector512<float>.Zero);
        Avx512F.MaskStore(b0, tap.ImageLow, Avx512F.MaskLoad(b0, tap.ImageLow, Vector512<float>.Zero) + low);
        Avx512F.MaskStore(b0 + 16, tap.ImageHigh, Avx512F.MaskLoad(b0 + 16, tap.ImageHigh, Vector512<float>.Zero) + high);
    }

    /// <summary>Image rows and output rows of ≤ 16 values, horizontal stride 1 or 2: Fold by image rows (<see cref="FoldRows"/>).</summary>
    private static bool NarrowImageRows(in ConvGeometry g) =>
        Avx512F.IsSupported && g.Width <= 16 && g.OutputWidth <= 16 && g.StrideWidth is 1 or 2 && g.KernelWidth <= 16; // per-kx masks on the stack

    /// <summary>
    /// Fold on narrow planes by image rows: each row's contributions (every ky, kx of its channel) are summed in a
    /// register and added to the row once. Adding each column row into the image as it comes (a masked load right
    /// after a masked store to the same values, one kernel column later) ran slower than the scalar loop on 14×14
    /// maps: masked stores do not forward to loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldRows(float* col, in ConvGeometry g, float* img, int rowStride)
    {
        int ho = g.OutputHeight, wo = g.OutputWidth, kh = g.KernelHeight, kw = g.KernelWidth, sw = g.StrideWidth;
        var indices = Vector512<int>.Indices;
        var imageRow = Vector512.LessThan(indices, Vector512.Create(g.Width)).AsSingle();
        var outputRow = Vector512.LessThan(indices, Vector512.Create(wo)).AsSingle();
        // Kernel column kx adds output column ox to image value ix = ox·sW − padW + kx·dilW: lane ix takes lane
        // (ix + padW − kx·dilW) / sW of the column row where that divides and lies in [0, wo).
        var lanes = stackalloc Vector512<int>[kw];
        var masks = stackalloc Vector512<float>[kw];
        for (int kx = 0; kx < kw; kx++)
        {
            var t = indices + Vector512.Create(g.PadWidth - kx * g.DilationWidth);
            var ox = sw == 1 ? t : Vector512.ShiftRightArithmetic(t, 1);
            var valid = Vector512.GreaterThanOrEqual(t, Vector512<int>.Zero) & Vector512.LessThan(ox, Vector512.Create(wo));
            if (sw == 2)
                valid &= Vector512.Equals(t & Vector512<int>.One, Vector512<int>.Zero);
            lanes[kx] = ox & Vector512.Create(15);
            masks[kx] = valid.AsSingle() & imageRow;
        }
        for (int c = 0; c < g.Channels; c++)
            for (int iy = 0; iy < g.Height; iy++)
            {
                var sum = Vector512<float>.Zero;
                for (int ky = 0; ky < kh; ky++)
                {
                    int t = iy + g.PadHeight - ky * g.DilationHeight, oy = t / g.StrideHeight;
                    if (t < 0 || t % g.StrideHeight != 0 || oy >= ho)
                        continue;
                    float* rows = col + (long)(c * kh + ky) * kw * rowStride + oy * wo;
                    for (int kx = 0; kx < kw; kx++, rows += rowStride)
                    {
                        var values = Avx512F.MaskLoad(rows, outputRow, Vector512<float>.Zero);
                        sum += Avx512F.PermuteVar16x32(values, lanes[kx]) & masks[kx];
                    }
                }
                float* dst = img + ((long)c * g.Height + iy) * g.Width;
                Avx512F.MaskStore(dst, imageRow, Avx512F.MaskLoad(dst, imageRow, Vector512<float>.Zero) + sum);
            }
    }
}
