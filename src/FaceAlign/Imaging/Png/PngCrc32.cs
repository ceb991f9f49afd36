namespace FaceAlign.Imaging.Png;

/// <summary>
/// The CRC-32 every PNG chunk carries (PNG spec §5.5, ISO 3309 polynomial 0xEDB88320, reflected), computed
/// slice-by-8: eight 256-entry tables let the loop fold eight input bytes per step instead of one.
/// <see cref="UpdateBytewise"/> is the classic one-table loop, kept as the tail handler and the test oracle's peer.
/// </summary>
internal static class PngCrc32
{
    private const uint Polynomial = 0xEDB88320;

    // Tables[k][b]: the CRC contribution of byte b followed by k zero bytes.
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>CRC-32 of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF applied).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    /// <summary>Continues a running (not yet inverted) CRC over more bytes.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3];
        uint[] t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            uint lo = crc ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            uint hi = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
            crc = t7[lo & 0xFF] ^ t6[(lo >> 8) & 0xFF] ^ t5[(lo >> 16) & 0xFF] ^ t4[lo >> 24]
                ^ t3[hi & 0xFF] ^ t2[(hi >> 8) & 0xFF] ^ t1[(hi >> 16) & 0xFF] ^ t0[hi >> 24];
        }
        return UpdateBytewise(crc, data[i..]);
    }

    /// <summary>One table lookup per byte (the spec's sample code, §D).</summary>
    public static uint UpdateBytewise(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t0 = Tables[0];
        foreach (byte b in data)
            crc = t0[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        for (int k = 0; k < 8; k++)
            tables[k] = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            tables[0][n] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint prev = tables[k - 1][n];
                tables[k][n] = tables[0][prev & 0xFF] ^ (prev >> 8);
            }
        }
        return tables;
    }
}
