// The shape of a Functional.Conv2d call (square stride, padding and dilation) and the routes it decides; the
// per-group column matrix it unfolds to is Kernels.Im2Col's (rows (c·kh + ky)·kw + kx, columns oy·Wo + ox).
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

    /// <summary>The same geometry over one group of <paramref name="channels"/> input channels, for the im2col kernels.</summary>
    public Kernels.ConvGeometry Columns(int channels) =>
        new(channels, Height, Width, KernelH, KernelW, Stride, Stride, Padding, Padding, Dilation, Dilation);
}
