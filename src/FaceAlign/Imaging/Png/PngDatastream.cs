using System.Buffers.Binary;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// The chunk sequence of a PNG file read into what decoding needs (spec §5.6 ordering rules): the header, the
/// palette, the transparency (tRNS) and where the IDAT chunks sit. Pixels are not touched here.
/// Ancillary chunks other than tRNS are skipped; an invalid tRNS is ignored, as libpng does.
/// </summary>
internal sealed class PngDatastream
{
    private PngDatastream(PngHeader header) => Header = header;

    public PngHeader Header { get; }

    /// <summary>PLTE entries as RGB triples (3 × entry count bytes); null when absent.</summary>
    public byte[]? Palette { get; private set; }

    /// <summary>tRNS alpha for the first palette entries (indexed colour only).</summary>
    public byte[]? PaletteAlpha { get; private set; }

    /// <summary>tRNS colour key: one grey value or R, G, B, compared with samples at full bit depth.</summary>
    public ushort[]? ColorKey { get; private set; }

    /// <summary>Offset and length (in the file) of each IDAT chunk's data, in order.</summary>
    public List<(int Offset, int Length)> ImageData { get; } = [];

    public bool HasTransparency => PaletteAlpha != null || ColorKey != null;

    /// <summary>
    /// Reads the chunks. With <paramref name="headersOnly"/> it stops at the first IDAT (for Identify); otherwise
    /// it reads through IEND. Sizes over <paramref name="maxPixels"/> are refused as soon as IHDR is read.
    /// </summary>
    public static PngDatastream Read(ReadOnlySpan<byte> data, bool headersOnly, long maxPixels = long.MaxValue)
    {
        var reader = new PngChunkReader(data);
        if (!reader.TryRead(out var first))
            throw PngThrow.Invalid("truncated: no chunks after the signature");
        if (first.Type != PngChunk.IHDR)
            throw PngThrow.Invalid($"first chunk is {first.Name}, expected IHDR");
        var header = PngHeader.Parse(first.Data);
        if ((long)header.Width * header.Height > maxPixels)
            throw PngThrow.Invalid($"image {header.Width}×{header.Height} exceeds the {maxPixels}-pixel limit");

        var png = new PngDatastream(header);
        bool idatEnded = false;
        while (reader.TryRead(out var chunk))
        {
            bool inIdat = png.ImageData.Count > 0;
            switch (chunk.Type)
            {
                case PngChunk.IHDR:
                    throw PngThrow.Invalid($"second IHDR chunk at offset {chunk.Offset}");
                case PngChunk.PLTE:
                    png.ReadPalette(chunk, inIdat);
                    break;
                case PngChunk.tRNS:
                    if (!inIdat)
                        png.ReadTransparency(chunk.Data);
                    break;
                case PngChunk.IDAT:
                    if (idatEnded)
                        throw PngThrow.Invalid($"IDAT chunk at offset {chunk.Offset} is separated from the earlier IDAT chunks");
                    if (header.ColorType == PngColorType.IndexedColour && png.Palette == null)
                        throw PngThrow.Invalid("indexed-colour image has no PLTE chunk before its IDAT");
                    if (headersOnly)
                        return png;
                    png.ImageData.Add((chunk.Offset + 8, chunk.Data.Length));
                    break;
                case PngChunk.IEND:
                    if (png.ImageData.Count == 0)
                        throw PngThrow.Invalid("no IDAT chunk before IEND");
                    return png;
                default:
                    if (chunk.IsCritical)
                        throw new NotSupportedException($"PNG critical chunk {chunk.Name} at offset {chunk.Offset} is not supported");
                    break;
            }
            idatEnded = inIdat && chunk.Type != PngChunk.IDAT;
        }
        throw PngThrow.Invalid(png.ImageData.Count == 0 ? "truncated: no IDAT chunk" : "truncated: IEND chunk missing");
    }

    // §11.2.3: 1–256 RGB entries, before the first IDAT; an indexed image may not use more than 2^depth of them.
    private void ReadPalette(PngChunk chunk, bool inIdat)
    {
        var data = chunk.Data;
        bool indexed = Header.ColorType == PngColorType.IndexedColour;
        if (!indexed)
            return; // a suggested palette for true-colour images, or one a greyscale image must not have: unused
        if (Palette != null)
            throw PngThrow.Invalid($"second PLTE chunk at offset {chunk.Offset}");
        if (inIdat)
            throw PngThrow.Invalid($"PLTE chunk at offset {chunk.Offset} comes after IDAT");
        if (data.Length == 0 || data.Length % 3 != 0 || data.Length > 3 * 256)
            throw PngThrow.Invalid($"PLTE chunk has {data.Length} bytes, not 3 × 1–256 entries");
        int entries = Math.Min(data.Length / 3, 1 << Header.BitDepth);
        Palette = data[..(3 * entries)].ToArray();
    }

    // §11.3.1.1 (tRNS): alpha per palette entry (up to the palette size), or a 16-bit grey / RGB key. Colour types with an
    // alpha channel must not have tRNS. Anything malformed is dropped, as libpng does, since tRNS is ancillary.
    private void ReadTransparency(ReadOnlySpan<byte> data)
    {
        if (PaletteAlpha != null || ColorKey != null)
            return;
        switch (Header.ColorType)
        {
            case PngColorType.IndexedColour when Palette != null && data.Length >= 1 && data.Length <= Palette.Length / 3:
                PaletteAlpha = data.ToArray();
                break;
            case PngColorType.Greyscale when data.Length == 2:
                ColorKey = [BinaryPrimitives.ReadUInt16BigEndian(data)];
                break;
            case PngColorType.Truecolour when data.Length == 6:
                ColorKey =
                [
                    BinaryPrimitives.ReadUInt16BigEndian(data),
                    BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
                    BinaryPrimitives.ReadUInt16BigEndian(data[4..]),
                ];
                break;
        }
    }
}
