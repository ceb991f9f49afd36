using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

        if (h is not (1 or 2) || v is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(h), $"sampling {h}×{v} is not 1 or 2 each way");
        int chromaWidth = paddedWidth / h, chromaHeight = paddedHeight / v, n = h * v, shift = h - 1;
        var cb = new byte[chromaWidth * chromaHeight];
        var cr = new byte[chromaWidth * chromaHeight];
        var cbSums = new int[chromaWidth];
        var crSums = new int[chromaWidth];
        var cbRow = new int[paddedWidth];
        var crRow = new int[paddedWidth];
        for (int cy = 0; cy < chromaHeight; cy++)
        {
            Array.Clear(cbSums);
            Array.Clear(crSums);
            for (int dy = 0; dy < v; dy++)
            {
                int row = cy * v + dy;
                ConvertRow(image, Math.Min(row, image.Height - 1), y.AsSpan(row * paddedWidth, paddedWidth), cbRow, crRow);
                for (int x = 0; x < paddedWidth; x++)
                {
                    cbSums[x >> shift] += cbRow[x];
                    crSums[x >> shift] += crRow[x];
                }
            }
            // Rounds half down (libjpeg's ONE_HALF − 1), so pure blue gives Cb 255, not 256.
            int bias = n * (Offset + Half) - 1, divisor = n << 16;
            var cbOut = cb.AsSpan(cy * chromaWidth, chromaWidth);
            var crOut = cr.AsSpan(cy * chromaWidth, chromaWidth);
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                cbOut[cx] = (byte)((cbSums[cx] + bias) / divisor);
                crOut[cx] = (byte)((crSums[cx] + bias) / divisor);
            }
        }
        return new JpegEncoderPlanes { Samples = [y, cb, cr], Widths = [paddedWidth, chromaWidth, chromaWidth] };
    }

    // One image row → rounded Y and unrounded, unoffset fixed-point Cb, Cr; the padding repeats the last pixel.
    // The pixel loop reads through a ref: the JIT cannot prove p + 2 in range when p steps by a runtime channel count.
    private static void ConvertRow(Image image, int sourceRow, Span<byte> y, int[] cb, int[] cr)
    {
        var src = image.Row(sourceRow);
        int channels = image.Channels, width = image.Width;
        if (y.Length < width || cb.Length < width || cr.Length < width || src.Length < width * channels)
            throw new ArgumentException("row buffers are shorter than the image row");
        ref byte pixel = ref MemoryMarshal.GetReference(src);
        ref byte luma = ref MemoryMarshal.GetReference(y);
        ref int blue = ref MemoryMarshal.GetArrayDataReference(cb);
        ref int red = ref MemoryMarshal.GetArrayDataReference(cr);
        for (int x = 0, p = 0; x < width; x++, p += channels)
        {
            int r = Unsafe.Add(ref pixel, p), g = Unsafe.Add(ref pixel, p + 1), b = Unsafe.Add(ref pixel, p + 2);
            Unsafe.Add(ref luma, x) = (byte)((19595 * r + 38470 * g + 7471 * b + Half) >> 16);
            Unsafe.Add(ref blue, x) = -11059 * r - 21709 * g + 32768 * b;
            Unsafe.Add(ref red, x) = 32768 * r - 27439 * g - 5329 * b;
        }
        y[width..].Fill(y[width - 1]);
        cb.AsSpan(width).Fill(cb[width - 1]);
        cr.AsSpan(width).Fill(cr[width - 1]);
    }

    private const int Half = 1 << 15;
    private const int Offset = 128 << 16;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
