namespace FaceAlign.Imaging;

/// <summary>
/// An 8-bit image held in memory: rows top to bottom, pixels interleaved (RGB, RGBA or grey), no padding
/// between rows. This is the type every decoder returns and every model reads.
/// </summary>
public sealed class Image
{
    public Image(int width, int height, PixelFormat format)
        : this(width, height, format, new byte[checked(width * height * (int)format)])
    {
    }

    public Image(int width, int height, PixelFormat format, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}×{height}");
        if (format is not (PixelFormat.Gray8 or PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentOutOfRangeException(nameof(format), $"unknown pixel format {format}");
        long needed = (long)width * height * (int)format;
        if (pixels.Length != needed)
            throw new ArgumentException($"pixel buffer has {pixels.Length} bytes, a {width}×{height} {format} image needs {needed}", nameof(pixels));
        Width = width;
        Height = height;
        Format = format;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }

    /// <summary>Samples per pixel: 1, 3 or 4.</summary>
    public int Channels => (int)Format;

    /// <summary>Bytes per row (= Width × Channels; rows are packed).</summary>
    public int Stride => Width * Channels;

    /// <summary>The pixels, row-major, interleaved.</summary>
    public byte[] Pixels { get; }

    /// <summary>One row of pixels.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>Reads and decodes a file; the format is sniffed from its bytes.</summary>
    public static Image Load(string path, DecoderOptions? options = null) =>
        ImageDecoder.Decode(File.ReadAllBytes(path), options);

    /// <summary>Decodes an encoded image (PNG, JPEG, PGM/PPM, BMP) held in memory.</summary>
    public static Image Decode(ReadOnlySpan<byte> encoded, DecoderOptions? options = null) =>
        ImageDecoder.Decode(encoded, options);

    /// <summary>Reads only the headers of an encoded image.</summary>
    public static ImageInfo Identify(ReadOnlySpan<byte> encoded) => ImageDecoder.Identify(encoded);

    /// <summary>This image as RGB. Alpha is dropped (not composited); grey is replicated.</summary>
    public Image ToRgb()
    {
        if (Format == PixelFormat.Rgb8)
            return this;
        var rgb = new byte[Width * Height * 3];
        var src = Pixels;
        int n = Width * Height;
        if (Format == PixelFormat.Gray8)
        {
            for (int i = 0; i < n; i++)
            {
                byte v = src[i];
                rgb[3 * i] = v;
                rgb[3 * i + 1] = v;
                rgb[3 * i + 2] = v;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                rgb[3 * i] = src[4 * i];
                rgb[3 * i + 1] = src[4 * i + 1];
                rgb[3 * i + 2] = src[4 * i + 2];
            }
        }
        return new Image(Width, Height, PixelFormat.Rgb8, rgb);
    }

    /// <summary>A deep copy.</summary>
    public Image Clone() => new(Width, Height, Format, (byte[])Pixels.Clone());
}
