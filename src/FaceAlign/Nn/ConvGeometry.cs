// A convolution's geometry as the Nn layer sees it (square stride, padding and dilation; the kernel from the weight's
// shape). The im2col / col2im work itself is Kernels.Im2Col's, given the per-group geometry from ForChannels.
namespace FaceAlign.Nn;

internal readonly record struct ConvGeometry(int Height, int Width, int KernelH, int KernelW, int Stride, int Padding, int Dilation)
{
    public int OutHeight => (Height + 2 * Padding - Dilation * (KernelH - 1) - 1) / Stride + 1;

    public int OutWidth => (Width + 2 * Padding - Dilation * (KernelW - 1) - 1) / Stride + 1;

    /// <summary>The kernels' description of this geometry over <paramref name="channels"/> input channels (one group).</summary>
    public Kernels.ConvGeometry ForChannels(int channels) =>
        new(channels, Height, Width, KernelH, KernelW, Stride, Stride, Padding, Padding, Dilation, Dilation);

    /// <summary>1×1, stride 1, no padding: the input already is its own column matrix.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && Stride == 1 && Padding == 0;

}
