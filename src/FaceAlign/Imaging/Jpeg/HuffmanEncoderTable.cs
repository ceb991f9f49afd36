namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// A Huffman table turned around for encoding: symbol → (code, length). Built from the BITS/HUFFVAL lists a DHT
/// segment carries, by T.81 Annex C: code lengths (C.1, Generate_size_table), canonical codes (C.2,
/// Generate_code_table), then reordered by symbol (C.3, Order_codes).
/// </summary>
internal sealed class HuffmanEncoderTable
{
    private readonly ushort[] codes = new ushort[256];
    private readonly byte[] lengths = new byte[256];

    public HuffmanEncoderTable(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
    {
        Bits = bits.ToArray();
        Values = values.ToArray();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < bits[length - 1]; i++, k++)
            {
                codes[values[k]] = (ushort)code;
                lengths[values[k]] = (byte)length;
                code++;
            }
            code <<= 1;
        }
    }

    /// <summary>The table as written in DHT: counts of codes of length 1–16, then the symbols.</summary>
    public byte[] Bits { get; }
    public byte[] Values { get; }

    public int Code(int symbol) => codes[symbol];

    /// <summary>0 for a symbol the table cannot code.</summary>
    public int Length(int symbol) => lengths[symbol];
}
