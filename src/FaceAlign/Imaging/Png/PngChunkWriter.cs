using System.Buffers.Binary;

namespace FaceAlign.Imaging.Png;

/// <summary>Writes framed chunks (length, type, data, CRC-32 over type+data; spec §5.3) to a stream.</summary>
internal static class PngChunkWriter
{
    public static void Write(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(prefix[4..], type);
        uint crc = ~PngCrc32.Update(PngCrc32.Update(0xFFFFFFFF, prefix[4..]), data);
        Span<byte> suffix = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(suffix, crc);
        output.Write(prefix);
        output.Write(data);
        output.Write(suffix);
    }
}
