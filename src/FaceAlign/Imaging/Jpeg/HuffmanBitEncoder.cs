using System.Numerics;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Writes the entropy-coded segment of a baseline scan: each 8×8 block's DC difference and AC run/size symbols with
/// their extra bits (T.81 F.1.2.1–F.1.2.2), packed MSB first, with a 0x00 stuffed after every 0xFF byte (F.1.2.3)
/// and 1-bits padding the last byte. Output goes to a growing buffer, not to a stream, to keep the per-bit path short.
/// </summary>
internal sealed class HuffmanBitEncoder
{
    private byte[] buffer;
    private int length;
    private ulong pending; // bits not yet written, right-aligned
    private int pendingCount;

    public HuffmanBitEncoder(int capacity) => buffer = new byte[Math.Max(capacity, 1024)];

    /// <summary>
    /// <paramref name="zigZag"/> holds the quantised coefficients in zig-zag order; <paramref name="previousDc"/> is the
    /// component's last DC value (0 at the start of the scan) and is updated.
    /// </summary>
    public void EncodeBlock(ReadOnlySpan<short> zigZag, ref int previousDc, HuffmanEncoderTable dc, HuffmanEncoderTable ac)
    {
        int diff = zigZag[0] - previousDc;
        previousDc = zigZag[0];
        int size = Magnitude(diff);
        WriteSymbol(dc, size, ExtraBits(diff, size), size);

        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = zigZag[k];
            if (value == 0)
            {
                run++;
                continue;
            }
            for (; run > 15; run -= 16)
                Write(ac.Code(0xF0), ac.Length(0xF0)); // ZRL: sixteen zeros
            size = Magnitude(value);
            WriteSymbol(ac, (run << 4) | size, ExtraBits(value, size), size);
            run = 0;
        }
        if (run > 0)
            Write(ac.Code(0x00), ac.Length(0x00)); // EOB
    }

    /// <summary>Pads the last byte with 1-bits (F.1.2.3) and returns the segment.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        int pad = (8 - pendingCount % 8) % 8;
        Write((1 << pad) - 1, pad);
        return buffer.AsSpan(0, length);
    }

    // SSSS of Table F.1/F.2: the number of bits needed for |v|.
    private static int Magnitude(int v) => v == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(v));

    // Negative values are sent as v − 1 in `size` bits (the one's complement of |v|), F.1.2.1.
    private static int ExtraBits(int v, int size) => (v < 0 ? v - 1 : v) & ((1 << size) - 1);

    // A code (≤ 16 bits) and its extra bits (≤ 11) in one write of at most 27 bits.
    private void WriteSymbol(HuffmanEncoderTable table, int symbol, int extra, int extraLength) =>
        Write(table.Code(symbol) << extraLength | extra, table.Length(symbol) + extraLength);

    private void Write(int bits, int count)
    {
        pending = (pending << count) | (uint)bits;
        pendingCount += count;
        while (pendingCount >= 8)
        {
            pendingCount -= 8;
            byte b = (byte)(pending >> pendingCount);
            if (length + 2 > buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            buffer[length++] = b;
            if (b == 0xFF)
                buffer[length++] = 0x00;
        }
    }
}
