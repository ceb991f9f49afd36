namespace FaceAlign.Imaging.Png;

/// <summary>
/// PNG decoder (PNG spec 3rd edition / RFC 2083): every colour type and bit depth, Adam7 interlacing, tRNS
/// transparency. Output is 8-bit Gray8, Rgb8 or Rgba8 (see <see cref="PngSampleConverter"/>). Ancillary chunks
/// such as gAMA, iCCP or text are skipped: pixels are returned as stored, without colour management.
/// </summary>
public static class PngDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options)
    {
        var png = PngDatastream.Read(data, headersOnly: false, options.MaxPixels);
        return PngScanlineDecoder.Decode(png, data);
    }

    public static Image Decode(Stream stream, DecoderOptions options)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    public static ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        var png = PngDatastream.Read(data, headersOnly: true);
        var header = png.Header;
        return new ImageInfo
        {
            Format = ImageFormat.Png,
            Width = header.Width,
            Height = header.Height,
            Components = header.ColorType == PngColorType.IndexedColour ? (png.PaletteAlpha != null ? 4 : 3) : header.Channels,
            BitDepth = header.BitDepth,
            ColorModel = header.ColorType switch
            {
                PngColorType.Greyscale => "grey",
                PngColorType.GreyscaleWithAlpha => "grey+alpha",
                PngColorType.Truecolour => "rgb",
                PngColorType.TruecolourWithAlpha => "rgba",
                _ => "palette",
            },
            Progressive = header.Interlaced,
        };
    }
}
