namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// An image split into the component planes a scan reads: Y, and for colour Cb and Cr averaged over h×v pixels.
/// Planes are padded to whole MCUs by repeating the last column and row (T.81 A.2.4 leaves the padding to the
/// encoder; replication keeps the edge blocks smooth, so they cost few bits and do not ring into the picture).
/// </summary>
internal sealed class JpegEncoderPlanes
{
    public required byte[][] Samples { get; init; }
    public required int[] Widths { get; init; }

    /// <summary>
    /// RGB → YCbCr per JFIF 1.02 (Y = 0.299R + 0.587G + 0.114B, Cb/Cr offset by 128) in 16-bit fixed point as libjpeg's
    /// jccolor.c does; Cb and Cr are averaged in fixed point over each h×v group before the one rounding.
    /// </summary>
    public static JpegEncoderPlanes Build(Image image, int h, int v)
    {
        int paddedWidth = RoundUp(image.Width, 8 * h), paddedHeight = RoundUp(image.Height, 8 * v);
        var y = new byte[paddedWidth * paddedHeight];
        if (image.Format == PixelFormat.Gray8)
        {
            for (int row = 0; row < paddedHeight; row++)
            {
                var src = image.Row(Math.Min(row, image.Height - 1));
                var dst = y.AsSpan(row * paddedWidth, paddedWidth);
                src.CopyTo(dst);
                dst[image.Width..].Fill(src[^1]);
            }
            return new JpegEncoderPlanes { Samples = [y], Widths = [paddedWidth] };
        }

        int chromaWidth = paddedWidth / h, chromaHeight = paddedHeight / v, n = h * v;
        var cb = new byte[chromaWidth * chromaHeight];
        var cr = new byte[chromaWidth * chromaHeight];
        int channels = image.Channels;
        var pixels = image.Pixels;
        for (int cy = 0; cy < chromaHeight; cy++)
        {
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                int cbSum = 0, crSum = 0;
                for (int dy = 0; dy < v; dy++)
                {
                    int row = cy * v + dy;
                    int rowStart = Math.Min(row, image.Height - 1) * image.Width;
                    for (int dx = 0; dx < h; dx++)
                    {
                        int column = cx * h + dx;
                        int p = (rowStart + Math.Min(column, image.Width - 1)) * channels;
                        int r = pixels[p], g = pixels[p + 1], b = pixels[p + 2];
                        y[row * paddedWidth + column] = (byte)((19595 * r + 38470 * g + 7471 * b + Half) >> 16);
                        cbSum += -11059 * r - 21709 * g + 32768 * b;
                        crSum += 32768 * r - 27439 * g - 5329 * b;
                    }
                }
                // Rounds half down (libjpeg's ONE_HALF − 1), so pure blue gives 255, not 256.
                cb[cy * chromaWidth + cx] = (byte)((cbSum + n * (Offset + Half) - 1) / (n << 16));
                cr[cy * chromaWidth + cx] = (byte)((crSum + n * (Offset + Half) - 1) / (n << 16));
            }
        }
        return new JpegEncoderPlanes { Samples = [y, cb, cr], Widths = [paddedWidth, chromaWidth, chromaWidth] };
    }

    private const int Half = 1 << 15;
    private const int Offset = 128 << 16;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
