namespace FaceAlign.Imaging;

/// <summary>
/// Moves pixels between FaceAlign <see cref="Image"/>s and callers' raw buffers (any row stride, BGR or RGB order),
/// so images from other libraries can be used without encoding a file. Copies; never keeps the caller's buffer.
/// </summary>
public static class PixelBuffer
{
    public static int BytesPerPixel(PixelLayout layout) => layout switch
    {
        PixelLayout.Gray8 => 1,
        PixelLayout.Rgb24 or PixelLayout.Bgr24 => 3,
        PixelLayout.Rgba32 or PixelLayout.Bgra32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), $"unknown pixel layout {layout}"),
    };

    /// <summary>
    /// Builds an image from <paramref name="pixels"/>: rows <paramref name="stride"/> bytes apart (≥ width × bytes per pixel;
    /// the last row need not be padded). BGR layouts become RGB; alpha is kept as Rgba8.
    /// </summary>
    public static Image ToImage(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelLayout layout)
    {
        int bpp = BytesPerPixel(layout);
        CheckBuffer(pixels.Length, width, height, stride, bpp, nameof(pixels));
        var format = bpp switch { 1 => PixelFormat.Gray8, 3 => PixelFormat.Rgb8, _ => PixelFormat.Rgba8 };
        var image = new Image(width, height, format);
        bool swap = layout is PixelLayout.Bgr24 or PixelLayout.Bgra32;
        for (int y = 0; y < height; y++)
        {
            var src = pixels.Slice(y * stride, width * bpp);
            var dst = image.Row(y);
            src.CopyTo(dst);
            if (swap)
                SwapRedBlue(dst, bpp);
        }
        return image;
    }

    /// <summary>
    /// Writes <paramref name="image"/> into a caller's buffer in <paramref name="layout"/>. Grey is replicated into
    /// colour layouts, colour becomes grey as the Rec. 601 luma (0.299 R + 0.587 G + 0.114 B), a missing alpha is 255.
    /// Padding bytes between rows are left untouched.
    /// </summary>
    public static void Write(Image image, Span<byte> destination, int stride, PixelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(image);
        int bpp = BytesPerPixel(layout);
        CheckBuffer(destination.Length, image.Width, image.Height, stride, bpp, nameof(destination));
        bool swap = layout is PixelLayout.Bgr24 or PixelLayout.Bgra32;
        int ch = image.Channels;
        for (int y = 0; y < image.Height; y++)
        {
            var src = image.Row(y);
            var dst = destination.Slice(y * stride, image.Width * bpp);
            for (int x = 0; x < image.Width; x++)
            {
                int s = x * ch, d = x * bpp;
                byte r = src[s], g = ch == 1 ? r : src[s + 1], b = ch == 1 ? r : src[s + 2];
                byte a = ch == 4 ? src[s + 3] : (byte)255;
                if (bpp == 1)
                {
                    dst[d] = (byte)((299 * r + 587 * g + 114 * b + 500) / 1000);
                    continue;
                }
                dst[d] = swap ? b : r;
                dst[d + 1] = g;
                dst[d + 2] = swap ? r : b;
                if (bpp == 4)
                    dst[d + 3] = a;
            }
        }
    }

    private static void CheckBuffer(int length, int width, int height, int stride, int bpp, string name)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}×{height}");
        long rowBytes = (long)width * bpp;
        if (stride < rowBytes)
            throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} is less than a row of {width} pixels ({rowBytes} bytes)");
        long needed = (long)stride * (height - 1) + rowBytes;
        if (length < needed)
            throw new ArgumentException($"buffer has {length} bytes, a {width}×{height} image with stride {stride} needs {needed}", name);
    }

    private static void SwapRedBlue(Span<byte> row, int bpp)
    {
        for (int i = 0; i + 2 < row.Length; i += bpp)
            (row[i], row[i + 2]) = (row[i + 2], row[i]);
    }
}
