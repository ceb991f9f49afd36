// im2col / col2im for one image and one channel group (Chellapilla et al. 2006, "High Performance Convolutional
// Neural Networks for Document Processing"): unfold every receptive field into a column so a convolution becomes
// one GEMM. Column layout: row (c·kh + ky)·kw + kx, column oy·Wo + ox; padding reads as zero.
namespace FaceAlign.Nn;

internal readonly record struct ConvGeometry(int Height, int Width, int KernelH, int KernelW, int Stride, int Padding, int Dilation)
{
    public int OutHeight => (Height + 2 * Padding - Dilation * (KernelH - 1) - 1) / Stride + 1;

    public int OutWidth => (Width + 2 * Padding - Dilation * (KernelW - 1) - 1) / Stride + 1;

    /// <summary>1×1, stride 1, no padding: the input already is its own column matrix.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && Stride == 1 && Padding == 0;

    /// <summary>
    /// The input (C, H, W) already is its own column matrix (C·kh·kw, Ho·Wo): pointwise convs, and kernels that cover
    /// the unpadded image exactly (PFLD's 7×7 conv over a 7×7 map), whose single column is the flattened image.
    /// </summary>
    public bool InputIsColumns => IsPointwise || (KernelH == Height && KernelW == Width && Padding == 0 && Dilation == 1);

    /// <summary>First and one-past-last output x whose input x = ox·s − p + kx·d lies inside [0, Width).</summary>
    public (int Lo, int Hi) ValidOutputRange(int offset, int extent, int outExtent)
    {
        // ix = o·s + offset ≥ 0  ⇔  o ≥ ceil(−offset / s);  ix < extent  ⇔  o ≤ floor((extent − 1 − offset) / s)
        int lo = offset >= 0 ? 0 : Math.Min(outExtent, (-offset + Stride - 1) / Stride);
        int last = extent - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(outExtent, last / Stride + 1);
        return (lo, Math.Max(lo, hi));
    }
}

internal static class Im2Col
{
    /// <summary>col (C·kh·kw, Ho·Wo) ← unfold(input (C, H, W)).</summary>
    public static void Unfold(ReadOnlySpan<float> input, int channels, in ConvGeometry g, Span<float> col)
    {
        int h = g.Height, w = g.Width, ho = g.OutHeight, wo = g.OutWidth, s = g.Stride;
        for (int c = 0; c < channels; c++)
        {
            var plane = input.Slice(c * h * w, h * w);
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                int yOff = ky * g.Dilation - g.Padding;
                var (yLo, yHi) = g.ValidOutputRange(yOff, h, ho);
                for (int kx = 0; kx < g.KernelW; kx++)
                {
                    int xOff = kx * g.Dilation - g.Padding;
                    var (xLo, xHi) = g.ValidOutputRange(xOff, w, wo);
                    var row = col.Slice(((c * g.KernelH + ky) * g.KernelW + kx) * ho * wo, ho * wo);
                    row[..(yLo * wo)].Clear();
                    row[(yHi * wo)..].Clear();
                    for (int oy = yLo; oy < yHi; oy++)
                    {
                        var dst = row.Slice(oy * wo, wo);
                        var src = plane.Slice((oy * s + yOff) * w, w);
                        dst[..xLo].Clear();
                        dst[xHi..].Clear();
                        if (s == 1)
                        {
                            src.Slice(xLo + xOff, xHi - xLo).CopyTo(dst[xLo..xHi]);
                        }
                        else
                        {
                            for (int ox = xLo; ox < xHi; ox++) dst[ox] = src[ox * s + xOff];
                        }
                    }
                }
            }
        }
    }

    /// <summary>dInput (C, H, W) += fold(dCol (C·kh·kw, Ho·Wo)), the adjoint of <see cref="Unfold"/>.</summary>
    public static void FoldAdd(ReadOnlySpan<float> dCol, int channels, in ConvGeometry g, Span<float> dInput)
    {
        int h = g.Height, w = g.Width, ho = g.OutHeight, wo = g.OutWidth, s = g.Stride;
        for (int c = 0; c < channels; c++)
        {
            var plane = dInput.Slice(c * h * w, h * w);
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                int yOff = ky * g.Dilation - g.Padding;
                var (yLo, yHi) = g.ValidOutputRange(yOff, h, ho);
                for (int kx = 0; kx < g.KernelW; kx++)
                {
                    int xOff = kx * g.Dilation - g.Padding;
                    var (xLo, xHi) = g.ValidOutputRange(xOff, w, wo);
                    var row = dCol.Slice(((c * g.KernelH + ky) * g.KernelW + kx) * ho * wo, ho * wo);
                    for (int oy = yLo; oy < yHi; oy++)
                    {
                        var src = row.Slice(oy * wo, wo);
                        var dst = plane.Slice((oy * s + yOff) * w, w);
                        for (int ox = xLo; ox < xHi; ox++) dst[ox * s + xOff] += src[ox];
                    }
                }
            }
        }
    }
}
