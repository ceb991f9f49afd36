using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// im2col and its adjoint col2im (Chellapilla et al. 2006, "High Performance Convolutional Neural Networks for
/// Document Processing"): Unfold copies image (C, H, W) into columns (C·kH·kW, Ho·Wo) so a convolution becomes one
/// GEMM; Fold adds columns back into an image (+=), the convolution's input gradient. Named as PyTorch's nn.Unfold
/// and nn.Fold. For each kernel tap the in-image output range is computed once, so the inner loops are plain
/// copies (stride 1), de-interleaving gathers (stride 2) or strided loops, with zero fill only at the borders.
/// Unfold's rows are short (a 56-pixel stem row, a 7-pixel head row), so its copies and fills are inline vector loops
/// rather than calls. The overloads with a row stride write (read) the columns as a block of a wider matrix, so the
/// columns of several images can sit side by side and a batch of small output planes becomes one GEMM.
/// </summary>
public static unsafe partial class Im2Col
{
    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> columns)
    {
        g.Validate();
        Unfold(image, g, columns, g.ColumnCols);
    }

    /// <summary>
    /// As <see cref="Unfold(ReadOnlySpan{float}, in ConvGeometry, Span{float})"/>, with column row r starting at
    /// r·<paramref name="rowStride"/> (≥ Ho·Wo); the values between rows are left as they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> columns, int rowStride)
    {
        CheckSizes(g, image.Length, columns.Length, rowStride);
        int ho = g.OutputHeight, wo = g.OutputWidth;
        var plan = new TapPlan(g);
        bool narrow = NarrowRows(g);
        fixed (float* img = image, col = columns)
        {
            float* row = col, imgEnd = img + image.Length;
            for (int c = 0; c < g.Channels; c++)
                for (int ky = 0; ky < g.KernelHeight; ky++)
                    for (int kx = 0; kx < g.KernelWidth; kx++, row += rowStride)
                    {
                        var (lo, hi, ix0) = plan.Columns(kx);
                        var tap = narrow ? new NarrowTap(wo, lo, hi, g.StrideWidth) : default;
                        float* dst = row;
                        for (int oy = 0; oy < ho; oy++, dst += wo)
                        {
                            int iy = oy * g.StrideHeight - g.PadHeight + ky * g.DilationHeight;
                            if ((uint)iy >= (uint)g.Height || lo >= hi)
                            {
                                if (narrow)
                                    ZeroNarrow(dst, tap);
                                else
                                    Zero(dst, wo);
                                continue;
                            }
                            if (narrow)
                            {
                                UnfoldNarrow(img + ((long)c * g.Height + iy) * g.Width + ix0, g.StrideWidth, dst, tap);
                                continue;
                            }
                            Zero(dst, lo);
                            Zero(dst + hi, wo - hi);
                            float* src = img + ((long)c * g.Height + iy) * g.Width + ix0;
                            Gather(src, g.StrideWidth, dst + lo, hi - lo, imgEnd);
                        }
                    }
        }
    }

    /// <summary>image (C, H, W) += col2im(columns (C·kH·kW, Ho·Wo)): the adjoint of <see cref="Unfold(ReadOnlySpan{float}, in ConvGeometry, Span{float})"/>.</summary>
    public static void Fold(ReadOnlySpan<float> columns, in ConvGeometry g, Span<float> image)
    {
        g.Validate();
        Fold(columns, g, image, g.ColumnCols);
    }

    /// <summary>As <see cref="Fold(ReadOnlySpan{float}, in ConvGeometry, Span{float})"/>, column row r read from r·<paramref name="rowStride"/>.</summary>
    public static void Fold(ReadOnlySpan<float> columns, in ConvGeometry g, Span<float> image, int rowStride)
    {
        CheckSizes(g, image.Length, columns.Length, rowStride);
        int ho = g.OutputHeight, wo = g.OutputWidth;
        var plan = new TapPlan(g);
        // Wider images at stride 2 (28 → 14): column rows added as they come, masked (one row's stores are not
        // re-read until the next kernel column, 14 rows later); stride 1 that way was slower than the scalar loop.
        bool narrow = NarrowRows(g) && g.StrideWidth == 2;
        fixed (float* img = image, col = columns)
        {
            if (NarrowImageRows(g))
            {
                FoldRows(col, g, img, rowStride);
                return;
            }
            float* row = col;
            for (int c = 0; c < g.Channels; c++)
                for (int ky = 0; ky < g.KernelHeight; ky++)
                    for (int kx = 0; kx < g.KernelWidth; kx++, row += rowStride)
                    {
                        var (lo, hi, ix0) = plan.Columns(kx);
                        var tap = narrow ? new NarrowTap(wo, lo, hi, g.StrideWidth) : default;
                        float* src = row;
                        for (int oy = 0; oy < ho; oy++, src += wo)
                        {
                            int iy = oy * g.StrideHeight - g.PadHeight + ky * g.DilationHeight;
                            if ((uint)iy >= (uint)g.Height || lo >= hi)
                                continue;
                            float* dst = img + ((long)c * g.Height + iy) * g.Width + ix0;
                            if (narrow)
                                FoldNarrow(src, dst, g.StrideWidth, tap);
                            else
                                ScatterAdd(src + lo, dst, g.StrideWidth, hi - lo);
                        }
                    }
        }
    }

    /// <summary>
    /// dst[j] = src[j · stride] for j &lt; count. Vector steps may load past the last element used (into the rest of
    /// the image, whose values are dropped) but never at or past <paramref name="srcEnd"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(float* src, int stride, float* dst, int count, float* srcEnd)
    {
        int j = 0;
        if (stride == 1)
        {
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= count; j += 16)
                    Vector512.Store(Vector512.Load(src + j), dst + j);
            if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= count; j += 8)
                    Vector256.Store(Vector256.Load(src + j), dst + j);
        }
        else if (stride == 2)
        {
            // Each step stores width values and loads 2·width, up to src[2j + 2·width − 1].
            if (Vector512.IsHardwareAccelerated)
            {
                var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
                for (; j + 16 <= count && src + 2 * j + 32 <= srcEnd; j += 16)
                {
                    var a = Vector512.Shuffle(Vector512.Load(src + 2 * j), evens);
                    var b = Vector512.Shuffle(Vector512.Load(src + 2 * j + 16), evens);
                    Vector512.Store(Vector512.Create(a.GetLower(), b.GetLower()), dst + j);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
                for (; j + 8 <= count && src + 2 * j + 16 <= srcEnd; j += 8)
                {
                    var a = Vector256.Shuffle(Vector256.Load(src + 2 * j), order);
                    var b = Vector256.Shuffle(Vector256.Load(src + 2 * j + 8), order);
                    Vector256.Store(Vector256.Create(a.GetLower(), b.GetLower()), dst + j);
                }
            }
        }
        for (; j < count; j++)
            dst[j] = src[(long)j * stride];
    }

    /// <summary>dst[0 .. count) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* dst, int count)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 16 <= count; j += 16)
                Vector512.Store(Vector512<float>.Zero, dst + j);
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= count; j += 8)
                Vector256.Store(Vector256<float>.Zero, dst + j);
        for (; j < count; j++)
            dst[j] = 0;
    }

    /// <summary>dst[j · stride] += src[j] for j &lt; count.</summary>
    private static void ScatterAdd(float* src, float* dst, int stride, int count)
    {
        if (stride == 1)
        {
            var d = new Span<float>(dst, count);
            TensorPrimitives.Add(d, new ReadOnlySpan<float>(src, count), d);
            return;
        }
        for (int j = 0; j < count; j++)
            dst[(long)j * stride] += src[j];
    }

    private static void CheckSizes(in ConvGeometry g, int imageLength, int columnsLength, int rowStride)
    {
        g.Validate();
        if (imageLength < (long)g.Channels * g.Height * g.Width)
            throw new ArgumentException($"image holds {imageLength} values; {g.Channels}×{g.Height}×{g.Width} needed");
        if (rowStride < g.ColumnCols)
            throw new ArgumentOutOfRangeException(nameof(rowStride), $"column row stride {rowStride} is shorter than a row of {g.ColumnCols} output pixels");
        long needed = g.ColumnRows == 0 ? 0 : (long)(g.ColumnRows - 1) * rowStride + g.ColumnCols;
        if (columnsLength < needed)
            throw new ArgumentException($"columns hold {columnsLength} values; {g.ColumnRows}×{g.ColumnCols} with row stride {rowStride} needs {needed}");
    }

    /// <summary>
    /// For kernel column kx: output columns [lo, hi) read inside the image, starting at input column ix0.
    /// ix = ox·sW − padW + kx·dW ∈ [0, W) ⇔ ox ∈ [⌈(padW − kx·dW) / sW⌉, ⌊(W − 1 + padW − kx·dW) / sW⌋ + 1).
    /// </summary>
    private readonly struct TapPlan(ConvGeometry g)
    {
        public (int Lo, int Hi, int Ix0) Columns(int kx)
        {
            int offset = g.PadWidth - kx * g.DilationWidth; // ix = ox·s − offset
            int lo = Math.Max(0, CeilDiv(offset, g.StrideWidth));
            int hi = Math.Min(g.OutputWidth, FloorDiv(g.Width - 1 + offset, g.StrideWidth) + 1);
            return (lo, Math.Max(lo, hi), lo * g.StrideWidth - offset);
        }

        private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

        private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
    }
}
