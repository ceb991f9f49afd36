using System.Buffers.Binary;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// One chunk of a PNG datastream (spec §5.3): its four-letter type as a big-endian integer, its data (CRC already
/// checked), and where the chunk starts in the file (for error messages).
/// </summary>
internal readonly ref struct PngChunk(uint type, ReadOnlySpan<byte> data, int offset)
{
    public const uint IHDR = 0x49484452;
    public const uint PLTE = 0x504C5445;
    public const uint IDAT = 0x49444154;
    public const uint IEND = 0x49454E44;
    public const uint tRNS = 0x74524E53;

    public uint Type { get; } = type;
    public ReadOnlySpan<byte> Data { get; } = data;
    public int Offset { get; } = offset;

    public string Name => PngThrow.ChunkName(Type);

    /// <summary>Bit 5 of the first type byte clear = critical (§5.4): a decoder must understand it or give up.</summary>
    public bool IsCritical => (Type & 0x20000000) == 0;

    public static uint TypeOf(ReadOnlySpan<byte> fourLetters) => BinaryPrimitives.ReadUInt32BigEndian(fourLetters);
}
