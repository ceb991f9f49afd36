namespace FaceAlign.Imaging.Jpeg;

/// <summary>Marker codes (the byte after 0xFF), ITU-T T.81 Table B.1.</summary>
internal static class JpegMarker
{
    public const byte Sof0 = 0xC0;   // baseline DCT
    public const byte Sof1 = 0xC1;   // extended sequential DCT, Huffman
    public const byte Sof2 = 0xC2;   // progressive DCT, Huffman
    public const byte Sof3 = 0xC3;   // lossless, Huffman
    public const byte Dht = 0xC4;
    public const byte Dac = 0xCC;    // arithmetic conditioning tables
    public const byte Rst0 = 0xD0;
    public const byte Rst7 = 0xD7;
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Dqt = 0xDB;
    public const byte Dri = 0xDD;
    public const byte Dhp = 0xDE;    // hierarchical progression
    public const byte Exp = 0xDF;
    public const byte App0 = 0xE0;
    public const byte App1 = 0xE1;
    public const byte App14 = 0xEE;
    public const byte Com = 0xFE;
    public const byte Tem = 0x01;

    public static bool IsRst(byte marker) => marker is >= Rst0 and <= Rst7;

    /// <summary>
    /// Finds the next marker at or after <paramref name="position"/>, skipping any bytes that are not one (leftover
    /// entropy-coded data, 0xFF00 stuffing, 0xFF fill bytes) as libjpeg's next_marker does. Returns the marker
    /// code and leaves <paramref name="position"/> just after it; -1 at end of data.
    /// </summary>
    public static int Next(ReadOnlySpan<byte> data, ref int position)
    {
        int i = position;
        while (true)
        {
            int ff = i < data.Length ? data[i..].IndexOf((byte)0xFF) : -1;
            if (ff < 0)
            {
                position = data.Length;
                return -1;
            }
            i += ff + 1;
            while (i < data.Length && data[i] == 0xFF)
                i++;
            if (i >= data.Length)
            {
                position = data.Length;
                return -1;
            }
            if (data[i] != 0)
            {
                position = i + 1;
                return data[i];
            }
            i++;
        }
    }
}
