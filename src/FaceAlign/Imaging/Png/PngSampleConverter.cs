namespace FaceAlign.Imaging.Png;

/// <summary>
/// Turns reconstructed scanlines (samples at the stored bit depth) into 8-bit <see cref="Image"/> pixels (spec §13.12):
/// grey → Gray8, true colour → Rgb8, and anything with alpha or a tRNS key → Rgba8 (grey replicated to R=G=B).
/// Depths below 8 scale by 255/(2^d − 1) (bit replication, exact). 16-bit samples become floor(v / 257) =
/// floor(v · 255 / 65535): what ImageMagick 6 Q16 writes for <c>convert in.png -depth 8 out.ppm</c>, found by
/// experiment (round(v / 257), libpng's png_set_scale_16, differs on 326 of the 768 samples of g16-32x24.png) and
/// checked on every 16-bit test file. tRNS keys are compared before any rescaling, at full precision, as §13.12 requires.
/// </summary>
internal sealed class PngSampleConverter
{
    private readonly PngHeader _header;
    private readonly ushort[]? _key;
    private readonly byte[] _paletteRgba = new byte[256 * 4];
    private readonly int _paletteEntries;

    public PngSampleConverter(PngDatastream png)
    {
        _header = png.Header;
        _key = png.ColorKey;
        Format = png.Header.ColorType switch
        {
            _ when png.HasTransparency => PixelFormat.Rgba8,
            PngColorType.Greyscale => PixelFormat.Gray8,
            PngColorType.Truecolour or PngColorType.IndexedColour => PixelFormat.Rgb8,
            _ => PixelFormat.Rgba8,
        };
        if (png.Palette is { } palette)
        {
            _paletteEntries = palette.Length / 3;
            for (int i = 0; i < _paletteEntries; i++)
            {
                _paletteRgba[4 * i] = palette[3 * i];
                _paletteRgba[4 * i + 1] = palette[3 * i + 1];
                _paletteRgba[4 * i + 2] = palette[3 * i + 2];
                _paletteRgba[4 * i + 3] = png.PaletteAlpha is { } alpha && i < alpha.Length ? alpha[i] : (byte)255;
            }
        }
    }

    public PixelFormat Format { get; }

    /// <summary>
    /// Converts <paramref name="count"/> pixels of <paramref name="scanline"/> into <paramref name="output"/> (one image row),
    /// pixel k landing at column x0 + k·dx (dx = 1 unless this is an Adam7 pass).
    /// </summary>
    public void Convert(ReadOnlySpan<byte> scanline, Span<byte> output, int x0, int dx, int count)
    {
        int channels = (int)Format;
        int depth = _header.BitDepth;
        switch (_header.ColorType)
        {
            case PngColorType.Greyscale when depth == 16:
                for (int k = 0; k < count; k++)
                {
                    int v = Sample16(scanline, k);
                    WriteGrey(output, (x0 + k * dx) * channels, To8(v), _key != null && v == _key[0] ? (byte)0 : (byte)255);
                }
                break;
            case PngColorType.Greyscale when depth == 8 && _key == null && dx == 1:
                scanline[..count].CopyTo(output[x0..]);
                break;
            case PngColorType.Greyscale:
                {
                    int scale = 255 / ((1 << depth) - 1);
                    for (int k = 0; k < count; k++)
                    {
                        int v = SampleLow(scanline, k, depth);
                        WriteGrey(output, (x0 + k * dx) * channels, (byte)(v * scale), _key != null && v == _key[0] ? (byte)0 : (byte)255);
                    }
                    break;
                }
            case PngColorType.IndexedColour:
                {
                    var palette = _paletteRgba;
                    for (int k = 0; k < count; k++)
                    {
                        int index = SampleLow(scanline, k, depth);
                        if (index >= _paletteEntries)
                            throw PngThrow.Invalid($"palette index {index} is out of range (PLTE has {_paletteEntries} entries)");
                        int at = (x0 + k * dx) * channels;
                        output[at] = palette[4 * index];
                        output[at + 1] = palette[4 * index + 1];
                        output[at + 2] = palette[4 * index + 2];
                        if (channels == 4)
                            output[at + 3] = palette[4 * index + 3];
                    }
                    break;
                }
            case PngColorType.Truecolour when depth == 8 && _key == null && dx == 1:
                scanline[..(3 * count)].CopyTo(output[(3 * x0)..]);
                break;
            case PngColorType.Truecolour:
                for (int k = 0; k < count; k++)
                {
                    int at = (x0 + k * dx) * channels;
                    int r, g, b;
                    if (depth == 8)
                        (r, g, b) = (scanline[3 * k], scanline[3 * k + 1], scanline[3 * k + 2]);
                    else
                        (r, g, b) = (Sample16(scanline, 3 * k), Sample16(scanline, 3 * k + 1), Sample16(scanline, 3 * k + 2));
                    output[at] = depth == 8 ? (byte)r : To8(r);
                    output[at + 1] = depth == 8 ? (byte)g : To8(g);
                    output[at + 2] = depth == 8 ? (byte)b : To8(b);
                    if (_key != null)
                        output[at + 3] = r == _key[0] && g == _key[1] && b == _key[2] ? (byte)0 : (byte)255;
                }
                break;
            case PngColorType.GreyscaleWithAlpha:
                for (int k = 0; k < count; k++)
                {
                    byte grey = depth == 8 ? scanline[2 * k] : To8(Sample16(scanline, 2 * k));
                    byte alpha = depth == 8 ? scanline[2 * k + 1] : To8(Sample16(scanline, 2 * k + 1));
                    WriteGrey(output, (x0 + k * dx) * 4, grey, alpha);
                }
                break;
            case PngColorType.TruecolourWithAlpha when depth == 8 && dx == 1:
                scanline[..(4 * count)].CopyTo(output[(4 * x0)..]);
                break;
            default: // true colour with alpha, 16-bit or an Adam7 pass
                for (int k = 0; k < count; k++)
                {
                    var pixel = output.Slice((x0 + k * dx) * 4, 4);
                    for (int s = 0; s < 4; s++)
                        pixel[s] = depth == 8 ? scanline[4 * k + s] : To8(Sample16(scanline, 4 * k + s));
                }
                break;
        }
    }

    private void WriteGrey(Span<byte> output, int at, byte grey, byte alpha)
    {
        if (Format == PixelFormat.Gray8)
        {
            output[at] = grey;
            return;
        }
        output[at] = grey;
        output[at + 1] = grey;
        output[at + 2] = grey;
        output[at + 3] = alpha;
    }

    // §7.2: samples narrower than a byte are packed leftmost-first, most significant bits first.
    private static int SampleLow(ReadOnlySpan<byte> scanline, int index, int depth)
    {
        if (depth == 8)
            return scanline[index];
        int bit = index * depth;
        return (scanline[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }

    private static int Sample16(ReadOnlySpan<byte> scanline, int index) => scanline[2 * index] << 8 | scanline[2 * index + 1];

    /// <summary>floor(v / 257), ImageMagick's 16 → 8-bit reduction (see the class summary).</summary>
    public static byte To8(int v) => (byte)(v / 257);
}
