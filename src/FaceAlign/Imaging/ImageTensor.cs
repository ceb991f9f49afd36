using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaceAlign.Geometry;

namespace FaceAlign.Imaging;

/// <summary>
/// Writes images as network input: three float planes (CHW, shape (3, H, W)) into a caller's span, normalised by a
/// <see cref="TensorNormalization"/>. Grey is replicated into all planes; alpha is dropped. The fused
/// <see cref="WriteWarped"/> goes from a source image straight to the tensor of an aligned crop.
/// </summary>
public static class ImageTensor
{
    /// <summary>Floats needed for an image of this size: 3 × width × height.</summary>
    public static int Length(int width, int height) => checked(3 * width * height);

    public static void Write(Image image, TensorNormalization normalization, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalization);
        CheckLength(chw, image.Width, image.Height);
        int plane = image.Width * image.Height;
        for (int y = 0; y < image.Height; y++)
            WriteRow(image.Row(y), image.Channels, normalization, chw, plane, y * image.Width);
    }

    /// <summary>
    /// Writes <paramref name="image"/> into the top-left corner of a larger (3, <paramref name="tensorHeight"/>,
    /// <paramref name="tensorWidth"/>) tensor — a detector's input padded to a multiple of its stride. Elements outside
    /// the image are left as they are (zero-fill the tensor first for zero padding).
    /// </summary>
    public static void WriteTopLeft(Image image, TensorNormalization normalization, Span<float> chw, int tensorWidth, int tensorHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalization);
        if (tensorWidth < image.Width || tensorHeight < image.Height)
            throw new ArgumentException($"a {tensorWidth}×{tensorHeight} tensor cannot hold a {image.Width}×{image.Height} image", nameof(tensorWidth));
        CheckLength(chw, tensorWidth, tensorHeight);
        int plane = tensorWidth * tensorHeight;
        for (int y = 0; y < image.Height; y++)
            WriteRow(image.Row(y), image.Channels, normalization, chw, plane, y * tensorWidth);
    }

    /// <summary>
    /// Affine-warps <paramref name="source"/> (forward map source → crop) to a <paramref name="width"/>×<paramref name="height"/>
    /// crop and writes it as a tensor, one row at a time through a small scratch row instead of a whole image.
    /// Samples are rounded to 8 bits first, so the result equals <see cref="AffineWarp"/> followed by <see cref="Write"/>
    /// bit for bit — the model sees the same values it would from a saved crop.
    /// </summary>
    public static void WriteWarped(Image source, AffineTransform forward, int width, int height, Border border,
        TensorNormalization normalization, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(normalization);
        ImageSize.Check(width, height, PixelFormat.Rgb8, nameof(width));
        CheckLength(chw, width, height);
        int ch = source.Channels;
        var scratch = ArrayPool<byte>.Shared.Rent(width * ch);
        try
        {
            var rowPixels = scratch.AsSpan(0, width * ch);
            using var row = new WarpRow(source, AffineWarp.InverseOf(forward), width);
            for (int v = 0; v < height; v++)
            {
                row.Map(v);
                WarpSampler.SampleRow(source, row, border, rowPixels);
                WriteRow(rowPixels, ch, normalization, chw, width * height, v * width);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static void WriteRow(ReadOnlySpan<byte> row, int channels, TensorNormalization normalization, Span<float> chw, int planeSize, int start)
    {
        int width = row.Length / channels;
        ref byte samples = ref MemoryMarshal.GetReference(row);
        for (int p = 0; p < 3; p++)
        {
            // A byte always indexes inside the 256-entry table, so the lookups need no bounds checks.
            ref float table = ref MemoryMarshal.GetReference(normalization.Table(p));
            var plane = chw.Slice(p * planeSize + start, width);
            ref float output = ref MemoryMarshal.GetReference(plane);
            int c = channels == 1 ? 0 : normalization.SourceChannel(p);
            for (int x = 0; x < width; x++, c += channels)
                Unsafe.Add(ref output, x) = Unsafe.Add(ref table, Unsafe.Add(ref samples, c));
        }
    }

    private static void CheckLength(Span<float> chw, int width, int height)
    {
        int needed = Length(width, height);
        if (chw.Length < needed)
            throw new ArgumentException($"tensor span holds {chw.Length} floats, a 3×{height}×{width} input needs {needed}", nameof(chw));
    }
}
