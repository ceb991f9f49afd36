namespace FaceAlign.Imaging.Pnm;

/// <summary>
/// Binary Netpbm images: P5 (PGM, grey) and P6 (PPM, RGB), maxval 1–65535. Samples wider than 8 bits or with a
/// maxval other than 255 are rescaled to 0–255 with rounding. ASCII variants (P2/P3) and PAM (P7) are not read.
/// </summary>
public static class PnmDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options)
    {
        var header = ReadHeader(data);
        if ((long)header.Width * header.Height > options.MaxPixels)
            throw new InvalidImageException($"PNM image {header.Width}×{header.Height} exceeds the {options.MaxPixels}-pixel limit");

        int channels = header.Components;
        int bytesPerSample = header.MaxValue > 255 ? 2 : 1;
        long needed = (long)header.Width * header.Height * channels * bytesPerSample;
        var body = data[header.DataOffset..];
        if (body.Length < needed)
            throw new InvalidImageException($"PNM data truncated: {body.Length} bytes of pixels, {needed} needed");

        var format = channels == 1 ? PixelFormat.Gray8 : PixelFormat.Rgb8;
        var image = new Image(header.Width, header.Height, format);
        var pixels = image.Pixels;
        int max = header.MaxValue;
        if (bytesPerSample == 1 && max == 255)
        {
            body[..pixels.Length].CopyTo(pixels);
        }
        else
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                int v = bytesPerSample == 1 ? body[i] : (body[2 * i] << 8) | body[2 * i + 1];
                if (v > max)
                    throw new InvalidImageException($"PNM sample {v} exceeds maxval {max}");
                pixels[i] = (byte)((v * 255 + max / 2) / max);
            }
        }
        return image;
    }

    public static ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        var h = ReadHeader(data);
        return new ImageInfo
        {
            Format = ImageFormat.Pnm,
            Width = h.Width,
            Height = h.Height,
            Components = h.Components,
            BitDepth = h.MaxValue > 255 ? 16 : 8,
            ColorModel = h.Components == 1 ? "grey" : "rgb",
        };
    }

    private readonly record struct Header(int Components, int Width, int Height, int MaxValue, int DataOffset);

    // Header: magic, whitespace, width, height, maxval (comments '#' to end of line allowed between tokens),
    // then exactly one whitespace byte before the samples (Netpbm spec).
    private static Header ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != (byte)'P' || (data[1] != (byte)'5' && data[1] != (byte)'6'))
            throw new InvalidImageException("not a binary PGM/PPM file (expected P5 or P6)");
        int pos = 2;
        int width = ReadNumber(data, ref pos, "width");
        int height = ReadNumber(data, ref pos, "height");
        int max = ReadNumber(data, ref pos, "maxval");
        if (width <= 0 || height <= 0)
            throw new InvalidImageException($"PNM size {width}×{height} is not positive");
        if (max is <= 0 or > 65535)
            throw new InvalidImageException($"PNM maxval {max} is outside 1–65535");
        if (pos >= data.Length || !IsWhitespace(data[pos]))
            throw new InvalidImageException("PNM header is not followed by a whitespace byte");
        return new Header(data[1] == (byte)'5' ? 1 : 3, width, height, max, pos + 1);
    }

    private static int ReadNumber(ReadOnlySpan<byte> data, ref int pos, string what)
    {
        while (pos < data.Length)
        {
            if (data[pos] == (byte)'#')
            {
                while (pos < data.Length && data[pos] != (byte)'\n' && data[pos] != (byte)'\r')
                    pos++;
            }
            else if (IsWhitespace(data[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }
        long value = 0;
        int start = pos;
        while (pos < data.Length && data[pos] is >= (byte)'0' and <= (byte)'9')
        {
            value = value * 10 + (data[pos] - '0');
            if (value > int.MaxValue)
                throw new InvalidImageException($"PNM {what} is too large");
            pos++;
        }
        if (pos == start)
            throw new InvalidImageException(pos >= data.Length ? $"PNM header truncated before {what}" : $"PNM {what} is not a number");
        return (int)value;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
