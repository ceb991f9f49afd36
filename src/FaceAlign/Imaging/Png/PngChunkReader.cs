using System.Buffers.Binary;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// Walks the chunks after the 8-byte signature (spec §5.2–5.3): length, type, data, CRC-32 over type+data.
/// It checks framing and CRCs only; which chunks may appear where is <see cref="PngDatastream"/>'s business.
/// </summary>
internal ref struct PngChunkReader
{
    public const int SignatureLength = 8;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public PngChunkReader(ReadOnlySpan<byte> data)
    {
        if (data.Length < SignatureLength || !data[..SignatureLength].SequenceEqual(Signature))
            throw PngThrow.Invalid("signature missing (not a PNG file)");
        _data = data;
        _position = SignatureLength;
    }

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the next chunk; false at the end of the data.</summary>
    public bool TryRead(out PngChunk chunk)
    {
        chunk = default;
        int remaining = _data.Length - _position;
        if (remaining == 0)
            return false;
        if (remaining < 8)
            throw PngThrow.Invalid($"truncated: chunk header at offset {_position} cut short");

        uint length = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(_data[(_position + 4)..]);
        if (!IsValidType(type))
            throw PngThrow.Invalid($"chunk at offset {_position} has an invalid type {PngThrow.ChunkName(type)}");
        string Name() => PngThrow.ChunkName(type);
        // §5.3: the length is at most 2^31−1.
        if (length > int.MaxValue)
            throw PngThrow.Invalid($"{Name()} chunk at offset {_position} claims {length} bytes");
        if ((long)length + 12 > remaining)
            throw PngThrow.Invalid($"truncated: {Name()} chunk at offset {_position} needs {length + 12L} bytes, {remaining} remain");

        var typeAndData = _data.Slice(_position + 4, 4 + (int)length);
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(_data[(_position + 8 + (int)length)..]);
        uint actual = PngCrc32.Compute(typeAndData);
        if (stored != actual)
            throw PngThrow.Invalid($"{Name()} chunk at offset {_position} fails its CRC check (stored {stored:X8}, computed {actual:X8})");

        chunk = new PngChunk(type, typeAndData[4..], _position);
        _position += 12 + (int)length;
        return true;
    }

    // §5.4: each type byte is an ASCII letter. (A set reserved bit only makes the chunk unknown, as libpng treats it.)
    private static bool IsValidType(uint type)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            if (!char.IsAsciiLetter((char)((type >> shift) & 0xFF)))
                return false;
        }
        return true;
    }
}
