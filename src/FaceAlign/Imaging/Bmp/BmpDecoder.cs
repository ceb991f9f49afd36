using System.Buffers.Binary;
using System.Numerics;

namespace FaceAlign.Imaging.Bmp;

/// <summary>
/// Windows bitmaps: uncompressed 1/4/8-bit paletted, 16/24/32-bit BI_RGB and 16/32-bit BI_BITFIELDS, stored bottom-up
/// or top-down. RLE, embedded JPEG/PNG and OS/2 headers are refused with <see cref="NotSupportedException"/>.
/// A grey palette decodes to Gray8, colour masks with alpha to Rgba8, everything else to Rgb8.
/// </summary>
public static partial class BmpDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options)
    {
        var header = BmpHeader.Read(data);
        if ((long)header.Width * header.Height > options.MaxPixels)
            throw new InvalidImageException($"BMP image {header.Width}×{header.Height} exceeds the {options.MaxPixels}-pixel limit");

        var palette = ReadPalette(data, header);
        var format = OutputFormat(header, palette);
        var image = new Image(header.Width, header.Height, format);
        for (int y = 0; y < header.Height; y++)
        {
            int stored = header.TopDown ? y : header.Height - 1 - y;
            var src = data.Slice(header.PixelOffset + stored * header.Stride, (header.Width * header.BitsPerPixel + 7) / 8);
            var dst = image.Row(y);
            switch (header.BitsPerPixel)
            {
                case 24: BgrToRgb(src, dst); break;
                case 32 when IsStandardBgra(header): BgraToRgbx(src, dst, format == PixelFormat.Rgba8); break;
                case 16 or 32: Masked(src, dst, header, format == PixelFormat.Rgba8); break;
                default: Indexed(src, dst, header, palette, format == PixelFormat.Gray8, stored); break;
            }
        }
        return image;
    }

    public static ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        var header = BmpHeader.Read(data);
        bool alpha = header.AlphaMask != 0;
        return new ImageInfo
        {
            Format = ImageFormat.Bmp,
            Width = header.Width,
            Height = header.Height,
            Components = header.IsPaletted ? 1 : alpha ? 4 : 3,
            BitDepth = header.IsPaletted ? header.BitsPerPixel
                : BitOperations.PopCount(header.RedMask | header.GreenMask | header.BlueMask) switch { 24 => 8, var n => (n + 2) / 3 },
            ColorModel = header.IsPaletted ? "palette" : alpha ? "rgba" : "rgb",
        };
    }

    private static PixelFormat OutputFormat(BmpHeader header, byte[] palette)
    {
        if (header.IsPaletted)
            return IsGrey(palette) ? PixelFormat.Gray8 : PixelFormat.Rgb8;
        return header.AlphaMask != 0 ? PixelFormat.Rgba8 : PixelFormat.Rgb8;
    }

    // Palette entries are stored B, G, R, reserved; returned as packed R, G, B triples.
    private static byte[] ReadPalette(ReadOnlySpan<byte> data, BmpHeader header)
    {
        var rgb = new byte[header.PaletteLength * 3];
        for (int i = 0; i < header.PaletteLength; i++)
        {
            var entry = data.Slice(header.PaletteOffset + 4 * i, 4);
            rgb[3 * i] = entry[2];
            rgb[3 * i + 1] = entry[1];
            rgb[3 * i + 2] = entry[0];
        }
        return rgb;
    }

    private static bool IsGrey(byte[] palette)
    {
        for (int i = 0; i < palette.Length; i += 3)
        {
            if (palette[i] != palette[i + 1] || palette[i] != palette[i + 2])
                return false;
        }
        return true;
    }

    private static bool IsStandardBgra(BmpHeader h) =>
        h.RedMask == 0x00FF0000 && h.GreenMask == 0x0000FF00 && h.BlueMask == 0x000000FF && h.AlphaMask is 0 or 0xFF000000;

    // General BI_BITFIELDS: each channel is a run of bits, shifted down and widened to 8 bits by bit
    // replication (5-bit 0b11000 → 0b11000110), as ImageMagick and libpng's sBIT handling do; wider channels keep their top 8 bits.
    private static void Masked(ReadOnlySpan<byte> src, Span<byte> dst, BmpHeader h, bool alpha)
    {
        int bytes = h.BitsPerPixel / 8;
        int channels = alpha ? 4 : 3;
        for (int s = 0, d = 0; d < dst.Length; s += bytes, d += channels)
        {
            uint px = bytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(src[s..]) : BinaryPrimitives.ReadUInt32LittleEndian(src[s..]);
            dst[d] = Channel(px, h.RedMask);
            dst[d + 1] = Channel(px, h.GreenMask);
            dst[d + 2] = Channel(px, h.BlueMask);
            if (alpha)
                dst[d + 3] = Channel(px, h.AlphaMask);
        }
    }

    private static byte Channel(uint px, uint mask)
    {
        int shift = BitOperations.TrailingZeroCount(mask);
        int bits = BitOperations.PopCount(mask);
        uint v = (px & mask) >> shift;
        if (bits >= 8)
            return (byte)(v >> (bits - 8));
        uint acc = v;
        int filled = bits;
        for (; filled < 8; filled += bits)
            acc = (acc << bits) | v;
        return (byte)(acc >> (filled - 8));
    }

    private static void Indexed(ReadOnlySpan<byte> src, Span<byte> dst, BmpHeader h, byte[] palette, bool grey, int storedRow)
    {
        int bpp = h.BitsPerPixel;
        int perByte = 8 / bpp;
        int indexMask = (1 << bpp) - 1;
        for (int x = 0; x < h.Width; x++)
        {
            // Pixels are packed most significant bits first (leftmost pixel in the high bits).
            int shift = 8 - bpp * (x % perByte + 1);
            int index = (src[x / perByte] >> shift) & indexMask;
            if (index >= h.PaletteLength)
                throw new InvalidImageException($"BMP pixel {x} of stored row {storedRow} uses colour {index} of a {h.PaletteLength}-colour palette");
            if (grey)
            {
                dst[x] = palette[3 * index];
            }
            else
            {
                dst[3 * x] = palette[3 * index];
                dst[3 * x + 1] = palette[3 * index + 1];
                dst[3 * x + 2] = palette[3 * index + 2];
            }
        }
    }
}
