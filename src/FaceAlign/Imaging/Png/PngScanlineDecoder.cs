using System.Buffers;
using System.IO.Compression;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// Decodes the image data of a PNG (spec §10, §9, §8): inflates the concatenated IDAT zlib stream, reconstructs
/// each scanline in place against the previous one, and hands it to the <see cref="PngSampleConverter"/>, pass by
/// pass when Adam7-interlaced. Scanlines are inflated a block at a time into one pooled buffer (far fewer, larger
/// inflate calls than one per row) and reconstructed there in place; memory stays bounded whatever the image size.
/// </summary>
internal static class PngScanlineDecoder
{
    /// <summary>Inflate target per call: whole scanlines filling about this many bytes (at least one scanline).</summary>
    private const int BlockLength = 256 * 1024;

    public static Image Decode(PngDatastream png, ReadOnlySpan<byte> file)
    {
        var header = png.Header;
        var converter = new PngSampleConverter(png);
        int compressedLength = 0;
        foreach (var (_, length) in png.ImageData)
            compressedLength += length; // ≤ the file's length, so no overflow
        Int128 inflatedLength = InflatedLength(header);
        // Deflate expands at most ~1032:1 (zlib technical details: a 258-byte match costs at least 2 bits), so an IDAT
        // this small cannot hold the image; refusing here means a tiny file never gets a huge image allocated.
        if (inflatedLength > compressedLength * 1032L + 1024)
            throw PngThrow.Invalid($"IDAT holds {compressedLength} bytes, too few to inflate to the {inflatedLength} bytes a {header.Width}×{header.Height} image needs");
        long outputBytes = (long)header.Width * header.Height * (int)converter.Format;
        long maxScanline = 1 + header.RowBytes(header.Width);
        if (outputBytes > Array.MaxLength || maxScanline > Array.MaxLength)
            throw new NotSupportedException($"PNG image {header.Width}×{header.Height} is too large for one in-memory image");

        byte[] compressed = ArrayPool<byte>.Shared.Rent(compressedLength);
        byte[] block = ArrayPool<byte>.Shared.Rent((int)Math.Max(maxScanline, BlockLength));
        byte[] previous = ArrayPool<byte>.Shared.Rent((int)maxScanline);
        try
        {
            int at = 0;
            foreach (var (offset, length) in png.ImageData)
            {
                file.Slice(offset, length).CopyTo(compressed.AsSpan(at));
                at += length;
            }
            var image = new Image(header.Width, header.Height, converter.Format);
            using var zlib = new ZLibStream(new MemoryStream(compressed, 0, compressedLength, writable: false), CompressionMode.Decompress);
            var passes = header.Interlaced ? Adam7Pass.Passes : Adam7Pass.NotInterlaced;
            for (int p = 0; p < passes.Count; p++)
                DecodePass(passes[p], p, header, zlib, converter, image, block, previous);
            if (ReadFully(zlib, block.AsSpan(0, 1)) != 0)
                throw PngThrow.Invalid($"image data inflates to more than the {inflatedLength} bytes the header implies");
            return image;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Corrupt deflate data surfaces as InvalidDataException, or as ZLibException (an IOException) when zlib
            // reports an error code .NET does not map; the source is an in-memory stream, so no real I/O can fail here.
            throw PngThrow.Invalid($"image data is not a valid zlib stream: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(block);
            ArrayPool<byte>.Shared.Return(previous);
        }
    }

    /// <summary>Filter bytes plus scanlines of every (non-empty) pass; 128-bit since 2^31 rows of 2^34 bytes overflow a long.</summary>
    private static Int128 InflatedLength(PngHeader header)
    {
        Int128 total = 0;
        foreach (var pass in header.Interlaced ? Adam7Pass.Passes : Adam7Pass.NotInterlaced)
        {
            int columns = pass.Columns(header.Width);
            if (columns > 0)
                total += (Int128)pass.Rows(header.Height) * (1 + header.RowBytes(columns));
        }
        return total;
    }

    private static void DecodePass(Adam7Pass pass, int passIndex, PngHeader header, Stream zlib, PngSampleConverter converter,
        Image image, byte[] block, byte[] previous)
    {
        int columns = pass.Columns(header.Width);
        int rows = pass.Rows(header.Height);
        if (columns == 0 || rows == 0)
            return;
        int rowBytes = (int)header.RowBytes(columns);
        int scanlineLength = rowBytes + 1;
        int bpp = header.FilterByteDistance;
        int rowsPerBlock = Math.Max(1, block.Length / scanlineLength);
        previous.AsSpan(0, rowBytes).Clear(); // §9.2: the row above the first scanline is all zeros
        for (int first = 0; first < rows; first += rowsPerBlock)
        {
            int count = Math.Min(rowsPerBlock, rows - first);
            var scanlines = block.AsSpan(0, count * scanlineLength);
            int read = ReadFully(zlib, scanlines);
            if (read != scanlines.Length)
                throw PngThrow.Invalid($"image data ends early, in scanline {first + read / scanlineLength} of {rows}{PassName(header, passIndex)}");
            for (int k = 0; k < count; k++)
            {
                var scanline = scanlines.Slice(k * scanlineLength, scanlineLength);
                ReadOnlySpan<byte> prior = k == 0 ? previous.AsSpan(0, rowBytes) : scanlines.Slice((k - 1) * scanlineLength + 1, rowBytes);
                byte filter = scanline[0];
                if (filter > (byte)PngFilterType.Paeth)
                    throw PngThrow.Invalid($"scanline {first + k}{PassName(header, passIndex)} has filter type {filter} (only 0–4 exist)");
                PngFilters.Unfilter((PngFilterType)filter, scanline[1..], prior, bpp);
                int y = pass.Y0 + (first + k) * pass.Dy;
                converter.Convert(scanline[1..], image.Row(y), pass.X0, pass.Dx, columns);
            }
            scanlines[^rowBytes..].CopyTo(previous);
        }
    }

    private static string PassName(PngHeader header, int passIndex) => header.Interlaced ? $" of Adam7 pass {passIndex + 1}" : "";

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }
}
