using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// The CRC-32 every PNG chunk carries (PNG spec §5.5, ISO 3309 polynomial 0xEDB88320, reflected), computed
/// slice-by-8: eight 256-entry tables let the loop fold eight input bytes per step instead of one.
/// <see cref="UpdateBytewise"/> is the spec's one-table loop (Annex D), used for the tail and kept as the simple twin.
/// </summary>
internal static class PngCrc32
{
    private const uint Polynomial = 0xEDB88320;

    // Table k (entries 256k … 256k+255) maps byte b to the CRC contribution of b followed by k zero bytes.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>CRC-32 of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF applied).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    /// <summary>Continues a running (not yet inverted) CRC over more bytes.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        // Every index below is a byte (0–255) plus a fixed table offset, so it stays inside the 2048-entry array.
        ref uint t = ref MemoryMarshal.GetArrayDataReference(Tables);
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            uint lo = crc ^ (uint)word;
            uint hi = (uint)(word >> 32);
            crc = Unsafe.Add(ref t, 7 * 256 + (int)(lo & 0xFF)) ^ Unsafe.Add(ref t, 6 * 256 + (int)((lo >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 5 * 256 + (int)((lo >> 16) & 0xFF)) ^ Unsafe.Add(ref t, 4 * 256 + (int)(lo >> 24))
                ^ Unsafe.Add(ref t, 3 * 256 + (int)(hi & 0xFF)) ^ Unsafe.Add(ref t, 2 * 256 + (int)((hi >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 256 + (int)((hi >> 16) & 0xFF)) ^ Unsafe.Add(ref t, (int)(hi >> 24));
        }
        return UpdateBytewise(crc, data[i..]);
    }

    public static uint UpdateBytewise(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
            crc = Tables[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            tables[n] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint prev = tables[(k - 1) * 256 + n];
                tables[k * 256 + n] = tables[prev & 0xFF] ^ (prev >> 8);
            }
        }
        return tables;
    }
}
