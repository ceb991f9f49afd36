namespace FaceAlign.Imaging.Jpeg;

// The four kinds of progressive scan (T.81 G.1.2): DC first/refine, AC first/refine. Each decodes one block's
// share of the scan; Al is the successive-approximation shift, Ss..Se the spectral band (zig-zag indices).

/// <summary>DC first scan (G.1.2.1): the DC difference, shifted left by Al.</summary>
internal readonly struct DcFirstBlockDecoder(int al) : IBlockDecoder
{
    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column)
    {
        var block = component.Block(row, column);
        int s = reader.Decode(component.DcTable!);
        int dc = component.DcPredictor + reader.ReceiveExtend(s);
        component.DcPredictor = dc;
        block[0] = (short)(dc << al);
    }

    public void Restart()
    {
    }
}

/// <summary>DC refinement scan (G.1.2.1): one raw bit per block, OR-ed in at bit Al.</summary>
internal readonly struct DcRefineBlockDecoder(int al) : IBlockDecoder
{
    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column)
    {
        var block = component.Block(row, column);
        if (reader.ReadBit() != 0)
            block[0] |= (short)(1 << al);
    }

    public void Restart()
    {
    }
}

/// <summary>AC first scan (G.1.2.2): run/size coded coefficients of band Ss..Se with end-of-band runs (EOBRUN).</summary>
internal struct AcFirstBlockDecoder(int ss, int se, int al) : IBlockDecoder
{
    private int eobRun;

    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column)
    {
        var block = component.Block(row, column);
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }
        var zigzag = ZigZag.ToNatural;
        var table = component.AcTable!;
        var fastAc = table.FastAc;
        for (int k = ss; k <= se; k++)
        {
            // As in the baseline decoder: 32 bits hold a code and its magnitude; most resolve in one fast-AC load.
            reader.Ensure(32);
            int fast = fastAc[reader.Peek(HuffmanTable.LookaheadBits)];
            if (fast != 0)
            {
                k += (fast >> 8) & 15;
                reader.Skip(fast & 31);
                block[zigzag[k]] = (short)((fast >> 16) * (1 << al));
                continue;
            }
            int rs = reader.DecodeBuffered(table);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                block[zigzag[k]] = (short)(reader.ReceiveExtendBuffered(s) * (1 << al));
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                // EOBr: this block and the next 2^r + RECEIVE(r) - 1 blocks end here (G.1.2.2, Table G.1).
                eobRun = (1 << r) + reader.Receive(r) - 1;
                break;
            }
        }
    }

    public void Restart() => eobRun = 0;
}

/// <summary>
/// AC refinement scan (G.1.2.3): one more bit of every coefficient in the band. Coefficients already non-zero get a
/// correction bit each; newly non-zero ones (always ±1 at this bit) are placed after skipping r zero-history
/// coefficients. Same procedure as libjpeg's decode_mcu_AC_refine.
/// </summary>
internal struct AcRefineBlockDecoder(int ss, int se, int al) : IBlockDecoder
{
    private int eobRun;

    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column)
    {
        var block = component.Block(row, column);
        var zigzag = ZigZag.ToNatural;
        int p1 = 1 << al, m1 = -1 << al;
        int k = ss;
        if (eobRun == 0)
        {
            var table = component.AcTable!;
            for (; k <= se; k++)
            {
                int rs = reader.Decode(table);
                int r = rs >> 4, s = rs & 15;
                if (s != 0)
                {
                    // s must be 1 here; libjpeg only warns otherwise, and so we treat any size as 1.
                    s = reader.ReadBit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    eobRun = (1 << r) + reader.Receive(r);
                    break;
                }
                // Skip r zero-history coefficients (refining non-zero ones on the way), then place the new one.
                do
                {
                    ref short coef = ref block[zigzag[k]];
                    if (coef != 0)
                        Refine(ref reader, ref coef, p1, m1);
                    else if (--r < 0)
                        break;
                    k++;
                }
                while (k <= se);
                if (s != 0)
                    block[zigzag[k]] = (short)s;
            }
        }
        if (eobRun > 0)
        {
            for (; k <= se; k++)
            {
                ref short coef = ref block[zigzag[k]];
                if (coef != 0)
                    Refine(ref reader, ref coef, p1, m1);
            }
            eobRun--;
        }
    }

    private static void Refine(ref JpegBitReader reader, ref short coef, int p1, int m1)
    {
        if (reader.ReadBit() != 0 && (coef & p1) == 0)
            coef += (short)(coef >= 0 ? p1 : m1);
    }

    public void Restart() => eobRun = 0;
}
