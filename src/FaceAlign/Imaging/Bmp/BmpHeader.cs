using System.Buffers.Binary;
using System.Numerics;

namespace FaceAlign.Imaging.Bmp;

/// <summary>
/// The BITMAPFILEHEADER and DIB header of a Windows bitmap, checked against the file's length. Reads the
/// BITMAPINFOHEADER (40 bytes) and its V2/V3/V4/V5 extensions (52/56/108/124 bytes); the OS/2 core header is
/// not read. Everything here is little-endian, as in the Win32 GDI definitions (wingdi.h).
/// </summary>
internal readonly record struct BmpHeader
{
    private const int FileHeaderSize = 14;

    /// <summary>BI_RGB, BI_RLE8, BI_RLE4, BI_BITFIELDS, BI_JPEG, BI_PNG, BI_ALPHABITFIELDS (wingdi.h values).</summary>
    private static readonly string[] CompressionNames = ["BI_RGB", "BI_RLE8", "BI_RLE4", "BI_BITFIELDS", "BI_JPEG", "BI_PNG", "BI_ALPHABITFIELDS"];

    public int Width { get; init; }

    /// <summary>Always positive; <see cref="TopDown"/> records the sign the file stored.</summary>
    public int Height { get; init; }

    public bool TopDown { get; init; }
    public int BitsPerPixel { get; init; }

    /// <summary>Channel masks for 16/24/32-bit pixels (BI_BITFIELDS, or the BI_RGB layouts); zero for paletted images.</summary>
    public uint RedMask { get; init; }
    public uint GreenMask { get; init; }
    public uint BlueMask { get; init; }
    public uint AlphaMask { get; init; }

    /// <summary>Palette entries (B, G, R, reserved) for 1/4/8-bit images; empty otherwise.</summary>
    public int PaletteOffset { get; init; }
    public int PaletteLength { get; init; }

    public int PixelOffset { get; init; }

    /// <summary>Bytes per stored row: rows are padded to a multiple of 4 bytes.</summary>
    public int Stride { get; init; }

    public bool IsPaletted => BitsPerPixel <= 8;

    public static BmpHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != (byte)'B' || data[1] != (byte)'M')
            throw new InvalidImageException("not a BMP file (expected \"BM\")");
        if (data.Length < FileHeaderSize + 4)
            throw new InvalidImageException($"BMP truncated: {data.Length} bytes, the headers need at least {FileHeaderSize + 4}");
        uint pixelOffset = U32(data, 10);
        uint infoSize = U32(data, 14);
        if (infoSize == 12 || infoSize == 64)
            throw new NotSupportedException($"BMP with a {infoSize}-byte OS/2 header is not supported");
        if (infoSize is not (40 or 52 or 56 or 108 or 124))
            throw new InvalidImageException($"BMP header size {infoSize} is not one of 40, 52, 56, 108, 124");
        if (data.Length < FileHeaderSize + infoSize)
            throw new InvalidImageException($"BMP truncated inside its {infoSize}-byte header");

        var info = data.Slice(FileHeaderSize, (int)infoSize);
        int width = I32(info, 4);
        int height = I32(info, 8);
        int bpp = U16(info, 14);
        uint compression = U32(info, 16);
        uint colorsUsed = U32(info, 32);
        if (width <= 0 || height == 0 || height == int.MinValue)
            throw new InvalidImageException($"BMP size {width}×{height} is not valid");

        if (compression is 1 or 2 or 4 or 5 || compression > 6)
        {
            string name = compression < CompressionNames.Length ? CompressionNames[compression] : compression.ToString();
            throw new NotSupportedException($"BMP compression {name} is not supported (only uncompressed BI_RGB and BI_BITFIELDS)");
        }
        bool bitfields = compression is 3 or 6;
        if (bpp is not (1 or 4 or 8 or 16 or 24 or 32))
            throw new InvalidImageException($"BMP bit count {bpp} is not 1, 4, 8, 16, 24 or 32");
        if (bitfields && bpp is not (16 or 32))
            throw new InvalidImageException($"BMP BI_BITFIELDS needs 16 or 32 bits per pixel, got {bpp}");

        // Masks: inside V2+ headers (offset 40), or as 12/16 bytes following a plain BITMAPINFOHEADER.
        int tableStart = FileHeaderSize + (int)infoSize;
        uint r = 0, g = 0, b = 0, a = 0;
        if (bitfields)
        {
            int maskCount = compression == 6 ? 4 : 3;
            int masksAt = infoSize >= 52 ? FileHeaderSize + 40 : tableStart;
            if (data.Length < masksAt + 4 * maskCount)
                throw new InvalidImageException("BMP truncated inside its colour masks");
            r = U32(data, masksAt);
            g = U32(data, masksAt + 4);
            b = U32(data, masksAt + 8);
            if (maskCount == 4 || infoSize >= 56)
                a = U32(data, masksAt + 12);
            if (infoSize == 40)
                tableStart += 4 * maskCount;
            CheckMask(r, "red", bpp);
            CheckMask(g, "green", bpp);
            CheckMask(b, "blue", bpp);
            if (a != 0)
                CheckMask(a, "alpha", bpp);
        }
        else if (bpp == 16)
        {
            (r, g, b) = (0x7C00, 0x03E0, 0x001F); // BI_RGB 16-bit is X1R5G5B5
        }
        else if (bpp is 24 or 32)
        {
            (r, g, b) = (0x00FF0000, 0x0000FF00, 0x000000FF); // B, G, R (and an unused byte for 32-bit)
        }

        int paletteLength = 0;
        if (bpp <= 8)
        {
            long entries = colorsUsed == 0 ? 1 << bpp : colorsUsed;
            if (entries > 1 << bpp)
                throw new InvalidImageException($"BMP palette of {colorsUsed} colours is too large for {bpp} bits per pixel");
            if (tableStart + entries * 4 > data.Length)
                throw new InvalidImageException($"BMP truncated inside its {entries}-colour palette");
            paletteLength = (int)entries;
        }

        long stride = ((long)width * bpp + 31) / 32 * 4;
        long rowBytes = ((long)width * bpp + 7) / 8;
        int absHeight = Math.Abs(height);
        if (pixelOffset < tableStart || pixelOffset > data.Length)
            throw new InvalidImageException($"BMP pixel data offset {pixelOffset} is outside {tableStart}–{data.Length}");
        // The last row's padding is sometimes left out, so the final row only needs its pixel bytes.
        long needed = stride * (absHeight - 1) + rowBytes;
        if (data.Length - pixelOffset < needed)
            throw new InvalidImageException($"BMP pixel data truncated: {data.Length - pixelOffset} bytes, {needed} needed");

        return new BmpHeader
        {
            Width = width,
            Height = absHeight,
            TopDown = height < 0,
            BitsPerPixel = bpp,
            RedMask = r,
            GreenMask = g,
            BlueMask = b,
            AlphaMask = a,
            PaletteOffset = tableStart,
            PaletteLength = paletteLength,
            PixelOffset = (int)pixelOffset,
            Stride = (int)stride,
        };
    }

    // A mask must be one run of set bits that fits in the pixel, or the channel cannot be extracted by shift-and-scale.
    private static void CheckMask(uint mask, string channel, int bpp)
    {
        if (mask == 0)
            throw new InvalidImageException($"BMP {channel} mask is empty");
        uint run = mask >> BitOperations.TrailingZeroCount(mask);
        if ((run & (run + 1)) != 0 || (bpp == 16 && mask > 0xFFFF))
            throw new InvalidImageException($"BMP {channel} mask 0x{mask:X8} is not a contiguous run of bits within {bpp} bits");
    }

    private static uint U32(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt32LittleEndian(d[at..]);
    private static int I32(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadInt32LittleEndian(d[at..]);
    private static int U16(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt16LittleEndian(d[at..]);
}
