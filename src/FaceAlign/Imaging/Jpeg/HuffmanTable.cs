namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// A decoding table built from a DHT segment's BITS and HUFFVAL lists (T.81 Annex C, F.2.2.3): a 9-bit lookahead
/// table resolves almost every code with one load; longer codes fall back to the MAXCODE/VALPTR search of F.16.
/// </summary>
internal sealed class HuffmanTable
{
    public const int LookaheadBits = 9;

    /// <summary>Indexed by the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer than 9 bits.</summary>
    public readonly ushort[] Lookahead = new ushort[1 << LookaheadBits];

    /// <summary>
    /// For AC tables, indexed like <see cref="Lookahead"/>: when a run/size code and its magnitude bits together fit in
    /// the 9 bits, (coefficient &lt;&lt; 16) | (run &lt;&lt; 8) | total length — one load decodes a whole coefficient
    /// (the idea of stb_image's fast-AC table). 0 otherwise.
    /// </summary>
    public readonly int[] FastAc = new int[1 << LookaheadBits];

    // Indexed by code length 1..16; MaxCode[l] = -1 when no code has length l.
    private readonly int[] maxCode = new int[17];
    private readonly int[] valueOffset = new int[17];
    private readonly byte[] values;

    /// <param name="counts">BITS: the number of codes of each length 1..16 (counts[0] is length 1).</param>
    /// <param name="symbols">HUFFVAL: the symbols in order of increasing code length.</param>
    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        values = symbols.ToArray();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            valueOffset[length] = k - code;
            // Generation of HUFFCODE (C.2) must not run out of codes; libjpeg also rejects using the all-ones code.
            if (code + n >= 1 << length && n > 0)
                throw JpegThrow.Invalid($"Huffman table is over-subscribed at code length {length}");
            for (int i = 0; i < n; i++, code++, k++)
            {
                if (length <= LookaheadBits)
                {
                    int shift = LookaheadBits - length;
                    ushort entry = (ushort)((length << 8) | values[k]);
                    Lookahead.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }
            maxCode[length] = n > 0 ? code - 1 : -1;
            code <<= 1;
        }
        BuildFastAc();
    }

    private void BuildFastAc()
    {
        for (int index = 0; index < Lookahead.Length; index++)
        {
            int entry = Lookahead[index];
            int length = entry >> 8, run = (entry >> 4) & 15, size = entry & 15;
            if (entry == 0 || size == 0 || length + size > LookaheadBits)
                continue;
            int bits = (index >> (LookaheadBits - length - size)) & ((1 << size) - 1);
            int value = bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
            FastAc[index] = value << 16 | run << 8 | (length + size);
        }
    }

    /// <summary>Largest symbol in the table (DC tables must not exceed 15, the largest magnitude category).</summary>
    public int MaxSymbol => values.Length == 0 ? 0 : values.Max();

    /// <summary>
    /// Decodes a code longer than <see cref="LookaheadBits"/> from the top 16 bits of <paramref name="bits16"/>;
    /// returns (length, symbol) or throws on a code the table does not contain.
    /// </summary>
    public (int Length, int Symbol) DecodeSlow(int bits16)
    {
        for (int length = LookaheadBits + 1; length <= 16; length++)
        {
            int code = bits16 >> (16 - length);
            if (code <= maxCode[length])
                return (length, values[code + valueOffset[length]]);
        }
        throw JpegThrow.Invalid("entropy-coded data has a Huffman code that is not in the table");
    }
}
