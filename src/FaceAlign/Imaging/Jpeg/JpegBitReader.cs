using System.Runtime.CompilerServices;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Reads entropy-coded segment bits MSB first through a 64-bit buffer, removing 0xFF00 byte stuffing (T.81 F.1.2.3).
/// At a marker or at the end of the data it feeds zero bytes, as libjpeg does, so lookahead never reads past the
/// segment; <see cref="Overrun"/> tells whether any of those invented bits were actually consumed.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;
    private ulong buffer;      // valid bits are at the top
    private int bitCount;
    private int paddingBytes;  // zero bytes fed after a marker or the end of data
    private bool atMarker;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        this.data = data;
        this.position = position;
    }

    /// <summary>Offset of the first byte not yet moved into the buffer (at a marker: its 0xFF).</summary>
    public readonly int Position => position;

    /// <summary>True once more bits were consumed than the segment held.</summary>
    public readonly bool Overrun => paddingBytes * 8 > bitCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure(int bits)
    {
        if (bitCount < bits)
            Fill();
    }

    private void Fill()
    {
        while (bitCount <= 56)
        {
            uint b = 0;
            if (!atMarker)
            {
                if ((uint)position < (uint)data.Length)
                {
                    b = data[position];
                    if (b != 0xFF)
                    {
                        position++;
                    }
                    else if (position + 1 < data.Length && data[position + 1] == 0)
                    {
                        position += 2;
                    }
                    else
                    {
                        atMarker = true;
                        b = 0;
                    }
                }
                else
                {
                    atMarker = true;
                }
            }
            if (atMarker)
                paddingBytes++;
            buffer |= (ulong)b << (56 - bitCount);
            bitCount += 8;
        }
    }

    /// <summary>The next <paramref name="n"/> bits (1 ≤ n ≤ 32) without consuming them; call <see cref="Ensure"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Peek(int n) => (int)(buffer >> (64 - n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        buffer <<= n;
        bitCount -= n;
    }

    /// <summary>Receives n bits (0 ≤ n ≤ 16) as an unsigned number (RECEIVE, T.81 F.2.2.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(int n)
    {
        if (n == 0)
            return 0;
        Ensure(n);
        int v = Peek(n);
        Skip(n);
        return v;
    }

    /// <summary>RECEIVE then EXTEND (T.81 F.2.2.1): n bits as a signed magnitude-category value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int n)
    {
        if (n == 0)
            return 0;
        Ensure(n);
        int v = Peek(n);
        Skip(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    /// <summary><see cref="ReceiveExtend"/> when the caller has already ensured n buffered bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtendBuffered(int n)
    {
        if (n == 0)
            return 0;
        int v = Peek(n);
        Skip(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBit()
    {
        Ensure(1);
        int v = (int)(buffer >> 63);
        Skip(1);
        return v;
    }

    /// <summary>DECODE (T.81 F.2.2.3) through the table's 9-bit lookahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(HuffmanTable table)
    {
        Ensure(16);
        return DecodeBuffered(table);
    }

    /// <summary><see cref="Decode"/> when the caller has already ensured 16 buffered bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeBuffered(HuffmanTable table)
    {
        int entry = table.Lookahead[Peek(HuffmanTable.LookaheadBits)];
        if (entry != 0)
        {
            Skip(entry >> 8);
            return entry & 0xFF;
        }
        var (length, symbol) = table.DecodeSlow(Peek(16));
        Skip(length);
        return symbol;
    }

    /// <summary>
    /// At a restart interval boundary: drops the buffered bits (the rest of the byte is padding) and consumes the
    /// RSTn marker. Like libjpeg, stray bytes before the marker and a wrong restart number are tolerated; a
    /// different marker is left in place, so decoding the next MCU overruns and reports the data as ending early.
    /// </summary>
    public void Restart()
    {
        buffer = 0;
        bitCount = 0;
        paddingBytes = 0;
        atMarker = false;
        int at = position;
        int marker = JpegMarker.Next(data, ref at);
        if (marker >= 0 && JpegMarker.IsRst((byte)marker))
            position = at;
        else
            position = marker < 0 ? data.Length : at - 2;
    }
}
