using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// One row of MCUs split into the component planes a scan reads: Y, and for colour Cb and Cr averaged over h×v
/// pixels. Reused strip by strip, so memory stays a few rows whatever the image size. Strips are padded to whole
/// MCUs by repeating the last column and row (T.81 A.2.4 leaves the padding to the encoder; replication keeps edge
/// blocks smooth, so they cost few bits and do not ring into the picture).
/// </summary>
internal sealed class JpegEncoderPlanes
{
    private readonly Image image;
    private readonly int h, v;
    private readonly int[] cbSums, crSums, cbRow, crRow;

    /// <param name="h">Horizontal luma samples per chroma sample: 1 or 2 (ignored for grey).</param>
    /// <param name="v">Vertical luma samples per chroma sample: 1 or 2.</param>
    public JpegEncoderPlanes(Image image, int h, int v)
    {
        if (h is not (1 or 2) || v is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(h), $"sampling {h}×{v} is not 1 or 2 each way");
        this.image = image;
        this.h = h;
        this.v = v;
        int paddedWidth = (image.Width + 8 * h - 1) / (8 * h) * (8 * h);
        int chromaWidth = paddedWidth / h;
        bool grey = image.Format == PixelFormat.Gray8;
        Samples = grey ? [new byte[paddedWidth * 8 * v]] : [new byte[paddedWidth * 8 * v], new byte[chromaWidth * 8], new byte[chromaWidth * 8]];
        Widths = grey ? [paddedWidth] : [paddedWidth, chromaWidth, chromaWidth];
        cbSums = grey ? [] : new int[chromaWidth];
        crSums = grey ? [] : new int[chromaWidth];
        cbRow = grey ? [] : new int[paddedWidth];
        crRow = grey ? [] : new int[paddedWidth];
    }

    /// <summary>Per component: the strip's samples, row-major, <see cref="Widths"/> per row, 8 × V rows.</summary>
    public byte[][] Samples { get; }
    public int[] Widths { get; }

    /// <summary>
    /// Fills the strip for MCU row <paramref name="mcuRow"/>. RGB → YCbCr per JFIF 1.02 (Y = 0.299R + 0.587G + 0.114B,
    /// Cb/Cr offset by 128) in 16-bit fixed point as libjpeg's jccolor.c does; Cb and Cr are summed in fixed point
    /// over each h×v group and rounded once.
    /// </summary>
    public void Fill(int mcuRow)
    {
        int firstRow = mcuRow * 8 * v, width = Widths[0];
        if (image.Format == PixelFormat.Gray8)
        {
            for (int row = 0; row < 8 * v; row++)
            {
                var src = image.Row(Math.Min(firstRow + row, image.Height - 1));
                var dst = Samples[0].AsSpan(row * width, width);
                src.CopyTo(dst);
                dst[image.Width..].Fill(src[^1]);
            }
            return;
        }

        int chromaWidth = Widths[1], n = h * v;
        // Divides by n·2^16 with a shift (n is 1, 2 or 4; sums are never negative) and rounds half down (libjpeg's
        // ONE_HALF − 1), so pure blue gives Cb 255, not 256.
        int bias = n * (Offset + Half) - 1, shift = 16 + (n >> 1);
        for (int cy = 0; cy < 8; cy++)
        {
            Array.Clear(cbSums);
            Array.Clear(crSums);
            for (int dy = 0; dy < v; dy++)
            {
                int row = cy * v + dy;
                ConvertRow(Math.Min(firstRow + row, image.Height - 1), Samples[0].AsSpan(row * width, width));
                if (h == 1)
                {
                    for (int x = 0; x < chromaWidth; x++)
                    {
                        cbSums[x] += cbRow[x];
                        crSums[x] += crRow[x];
                    }
                }
                else
                {
                    for (int x = 0; x < chromaWidth; x++)
                    {
                        cbSums[x] += cbRow[2 * x] + cbRow[2 * x + 1];
                        crSums[x] += crRow[2 * x] + crRow[2 * x + 1];
                    }
                }
            }
            var cbOut = Samples[1].AsSpan(cy * chromaWidth, chromaWidth);
            var crOut = Samples[2].AsSpan(cy * chromaWidth, chromaWidth);
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                cbOut[cx] = (byte)((cbSums[cx] + bias) >> shift);
                crOut[cx] = (byte)((crSums[cx] + bias) >> shift);
            }
        }
    }

    // One image row → rounded Y and unrounded, unoffset fixed-point Cb, Cr; the padding repeats the last pixel.
    // The pixel loop reads through a ref: the JIT cannot prove p + 2 in range when p steps by a runtime channel count.
    private void ConvertRow(int sourceRow, Span<byte> y)
    {
        var src = image.Row(sourceRow);
        int channels = image.Channels, width = image.Width;
        if (y.Length < width || cbRow.Length < width || src.Length < width * channels)
            throw new ArgumentException("row buffers are shorter than the image row");
        ref byte pixel = ref MemoryMarshal.GetReference(src);
        ref byte luma = ref MemoryMarshal.GetReference(y);
        ref int blue = ref MemoryMarshal.GetArrayDataReference(cbRow);
        ref int red = ref MemoryMarshal.GetArrayDataReference(crRow);
        for (int x = 0, p = 0; x < width; x++, p += channels)
        {
            int r = Unsafe.Add(ref pixel, p), g = Unsafe.Add(ref pixel, p + 1), b = Unsafe.Add(ref pixel, p + 2);
            Unsafe.Add(ref luma, x) = (byte)((19595 * r + 38470 * g + 7471 * b + Half) >> 16);
            Unsafe.Add(ref blue, x) = -11059 * r - 21709 * g + 32768 * b;
            Unsafe.Add(ref red, x) = 32768 * r - 27439 * g - 5329 * b;
        }
        y[width..].Fill(y[width - 1]);
        cbRow.AsSpan(width).Fill(cbRow[width - 1]);
        crRow.AsSpan(width).Fill(crRow[width - 1]);
    }

    private const int Half = 1 << 15;
    private const int Offset = 128 << 16;
}
