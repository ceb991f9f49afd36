namespace FaceAlign.Kernels;

/// <summary>
/// The shape of a 2-D convolution over one (C, H, W) image: kernel, stride, zero padding and dilation per axis,
/// and the output size they give, Ho = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1 (likewise Wo).
/// </summary>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1, int PadHeight = 0, int PadWidth = 0, int DilationHeight = 1, int DilationWidth = 1)
{
    /// <summary>Square kernel, stride, padding and dilation.</summary>
    public static ConvGeometry Square(int channels, int height, int width, int kernel, int stride = 1, int pad = 0, int dilation = 1) =>
        new(channels, height, width, kernel, kernel, stride, stride, pad, pad, dilation, dilation);

    public int OutputHeight => (Height + 2 * PadHeight - DilationHeight * (KernelHeight - 1) - 1) / StrideHeight + 1;

    public int OutputWidth => (Width + 2 * PadWidth - DilationWidth * (KernelWidth - 1) - 1) / StrideWidth + 1;

    /// <summary>Rows of the column matrix: C·kH·kW.</summary>
    public int ColumnRows => Channels * KernelHeight * KernelWidth;

    /// <summary>Columns of the column matrix: Ho·Wo.</summary>
    public int ColumnCols => OutputHeight * OutputWidth;

    /// <summary>Throws unless every size is positive, padding non-negative and the output non-empty.</summary>
    public void Validate()
    {
        if (Channels < 1 || Height < 1 || Width < 1 || KernelHeight < 1 || KernelWidth < 1 || StrideHeight < 1 || StrideWidth < 1
            || PadHeight < 0 || PadWidth < 0 || DilationHeight < 1 || DilationWidth < 1)
            throw new ArgumentException($"invalid convolution geometry: {Describe()}");
        if (Height + 2 * PadHeight < DilationHeight * (KernelHeight - 1) + 1 || Width + 2 * PadWidth < DilationWidth * (KernelWidth - 1) + 1)
            throw new ArgumentException($"kernel larger than the padded image: {Describe()}");
    }

    // Not ToString: the record's would evaluate the output size, which divides by the stride.
    private string Describe() =>
        $"C={Channels} H={Height} W={Width} kernel={KernelHeight}×{KernelWidth} stride={StrideHeight}×{StrideWidth} " +
        $"pad={PadHeight}×{PadWidth} dilation={DilationHeight}×{DilationWidth}";
}
