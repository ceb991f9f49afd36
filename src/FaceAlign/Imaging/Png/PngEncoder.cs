using System.IO.Compression;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// PNG encoder: Gray8 → colour type 0, Rgb8 → 2, Rgba8 → 6, all 8-bit, not interlaced. Each row gets the filter
/// whose output has the smallest sum of absolute values (bytes read as signed) — libpng's adaptive heuristic
/// (PNG spec §12.8) — and the rows are deflated with <see cref="ZLibStream"/>. No ancillary chunks are written.
/// </summary>
public static class PngEncoder
{
    public static byte[] Encode(Image image) => Encode(image, CompressionLevel.Optimal);

    public static byte[] Encode(Image image, CompressionLevel level)
    {
        using var output = new MemoryStream();
        Encode(image, output, level);
        return output.ToArray();
    }

    public static void Encode(Image image, Stream output, CompressionLevel level = CompressionLevel.Optimal)
    {
        var colorType = image.Format switch
        {
            PixelFormat.Gray8 => PngColorType.Greyscale,
            PixelFormat.Rgb8 => PngColorType.Truecolour,
            _ => PngColorType.TruecolourWithAlpha,
        };
        var header = new PngHeader(image.Width, image.Height, 8, colorType, Interlaced: false);
        output.Write(PngChunkReader.Signature);
        Span<byte> ihdr = stackalloc byte[PngHeader.Length];
        header.WriteTo(ihdr);
        PngChunkWriter.Write(output, PngChunk.IHDR, ihdr);

        var idat = new PngIdatStream(output);
        using (var zlib = new ZLibStream(idat, level, leaveOpen: true))
        {
            int stride = image.Stride;
            int bpp = image.Channels;
            var best = new byte[1 + stride];
            var candidate = new byte[1 + stride];
            var zeros = new byte[stride];
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.Row(y);
                ReadOnlySpan<byte> prior = y > 0 ? image.Row(y - 1) : zeros;
                long bestCost = long.MaxValue;
                for (var type = PngFilterType.None; type <= PngFilterType.Paeth; type++)
                {
                    PngFilters.Filter(type, row, prior, bpp, candidate.AsSpan(1));
                    long cost = PngFilters.FilterCost(candidate.AsSpan(1));
                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        candidate[0] = (byte)type;
                        (best, candidate) = (candidate, best);
                    }
                }
                zlib.Write(best);
            }
        }
        idat.Flush();
        PngChunkWriter.Write(output, PngChunk.IEND, []);
    }
}
