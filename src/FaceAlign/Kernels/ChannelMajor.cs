// Layout copies between a batch's images (count, C, P) and one channel-major matrix (C, count·P), whose row c holds
// channel c of every image side by side: the operand and result layout of a GEMM over several images' columns.
namespace FaceAlign.Kernels;

internal static class ChannelMajor
{
    /// <summary>dst (C, count·P)[c, j·P + p] = images (count, C, P)[j, c, p].</summary>
    public static void Gather(ReadOnlySpan<float> images, int count, int channels, int plane, Span<float> dst)
    {
        Check(images.Length, dst.Length, count, channels, plane);
        int width = count * plane;
        for (int j = 0; j < count; j++)
            for (int c = 0; c < channels; c++)
                images.Slice((j * channels + c) * plane, plane).CopyTo(dst.Slice(c * width + j * plane, plane));
    }

    /// <summary>images (count, C, P)[j, c, p] = src (C, count·P)[c, j·P + p]: the inverse of <see cref="Gather"/>.</summary>
    public static void Scatter(ReadOnlySpan<float> src, int count, int channels, int plane, Span<float> images)
    {
        Check(images.Length, src.Length, count, channels, plane);
        int width = count * plane;
        for (int j = 0; j < count; j++)
            for (int c = 0; c < channels; c++)
                src.Slice(c * width + j * plane, plane).CopyTo(images.Slice((j * channels + c) * plane, plane));
    }

    private static void Check(int imagesLength, int matrixLength, int count, int channels, int plane)
    {
        if (count < 0 || channels < 0 || plane < 0)
            throw new ArgumentOutOfRangeException(nameof(count), $"ChannelMajor: negative size (count {count}, channels {channels}, plane {plane})");
        long needed = (long)count * channels * plane;
        if (imagesLength < needed || matrixLength < needed)
            throw new ArgumentException($"ChannelMajor: {count} × {channels} × {plane} needs {needed} values; images hold {imagesLength}, the matrix {matrixLength}");
    }
}
