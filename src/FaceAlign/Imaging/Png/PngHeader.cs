using System.Buffers.Binary;

namespace FaceAlign.Imaging.Png;

/// <summary>The IHDR chunk (spec §11.2.2), validated: size, bit depth, colour type and interlace method.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    public const int Length = 13;

    /// <summary>Samples per pixel as stored (palette indices count as one).</summary>
    public int Channels => ColorType switch
    {
        PngColorType.Greyscale or PngColorType.IndexedColour => 1,
        PngColorType.GreyscaleWithAlpha => 2,
        PngColorType.Truecolour => 3,
        _ => 4,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The filter's "bpp" (§9.2): bytes per complete pixel, rounded up to 1.</summary>
    public int FilterByteDistance => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in one scanline of <paramref name="width"/> pixels, without the filter-type byte.</summary>
    public long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;

    public static PngHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != Length)
            throw PngThrow.Invalid($"IHDR chunk has {data.Length} bytes, expected {Length}");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8];
        var type = (PngColorType)data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw PngThrow.Invalid($"IHDR size {width}×{height} is not within 1–2^31−1");
        bool legal = type switch
        {
            PngColorType.Greyscale => depth is 1 or 2 or 4 or 8 or 16,
            PngColorType.IndexedColour => depth is 1 or 2 or 4 or 8,
            PngColorType.Truecolour or PngColorType.GreyscaleWithAlpha or PngColorType.TruecolourWithAlpha => depth is 8 or 16,
            _ => throw PngThrow.Invalid($"IHDR colour type {data[9]} is not one of 0, 2, 3, 4, 6"),
        };
        if (!legal)
            throw PngThrow.Invalid($"IHDR bit depth {depth} is not allowed with colour type {data[9]}");
        if (data[10] != 0)
            throw PngThrow.Invalid($"IHDR compression method {data[10]} is unknown (only 0, deflate)");
        if (data[11] != 0)
            throw PngThrow.Invalid($"IHDR filter method {data[11]} is unknown (only 0, adaptive)");
        if (data[12] > 1)
            throw PngThrow.Invalid($"IHDR interlace method {data[12]} is unknown (only 0 none, 1 Adam7)");
        return new PngHeader((int)width, (int)height, depth, type, data[12] == 1);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Width);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)Height);
        destination[8] = (byte)BitDepth;
        destination[9] = (byte)ColorType;
        destination[10] = 0;
        destination[11] = 0;
        destination[12] = Interlaced ? (byte)1 : (byte)0;
    }
}
