using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>
/// Assembles PNG files byte by byte for tests, independently of the codec under test: its own bitwise CRC-32
/// (the spec's definition, one bit at a time) and raw scanlines the caller writes filter bytes into.
/// </summary>
internal static class PngBuilder
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] PngFile(params byte[][] chunks) => [.. Signature, .. chunks.SelectMany(c => c)];

    public static byte[] Chunk(string type, params byte[] data)
    {
        var bytes = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(bytes, 4);
        data.CopyTo(bytes, 8);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 + data.Length), BitwiseCrc(bytes.AsSpan(4, 4 + data.Length)));
        return bytes;
    }

    public static byte[] Ihdr(uint width, uint height, byte depth, byte colorType, byte interlace = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = depth;
        data[9] = colorType;
        data[12] = interlace;
        return Chunk("IHDR", data);
    }

    public static byte[] Idat(byte[] rawScanlines) => Chunk("IDAT", Zlib(rawScanlines));

    public static byte[] Iend() => Chunk("IEND");

    public static byte[] Zlib(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw);
        return output.ToArray();
    }

    /// <summary>Rewrites the CRC of every chunk whose framing is intact, so mutations reach the stages behind the CRC check.</summary>
    public static byte[] FixCrcs(byte[] png)
    {
        int pos = Signature.Length;
        while (pos + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > png.Length - pos - 12)
                break;
            int end = pos + 8 + (int)length;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(end), BitwiseCrc(png.AsSpan(pos + 4, 4 + (int)length)));
            pos = end + 4;
        }
        return png;
    }

    /// <summary>CRC-32 straight from its definition (PNG spec §D): reflected polynomial 0xEDB88320, one bit per step.</summary>
    public static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
