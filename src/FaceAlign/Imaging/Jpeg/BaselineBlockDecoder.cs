namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Sequential Huffman decoding of a whole block (T.81 F.2.2): the DC difference against the component's predictor,
/// then run/size coded AC coefficients up to end-of-block. Used for SOF0 and SOF1 scans. Each block is inverse-DCT'd
/// into the component's sample plane as soon as it is decoded, so sequential frames never store coefficients.
/// </summary>
internal readonly struct BaselineBlockDecoder() : IBlockDecoder
{
    private readonly short[] block = new short[64];

    public void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column)
    {
        var zigzag = ZigZag.ToNatural;
        var block = this.block.AsSpan();
        block.Clear();
        // 32 buffered bits always hold one code (≤ 16 bits) and its magnitude bits (≤ 15; DC tables are checked ≤ 15).
        reader.Ensure(32);
        int s = reader.DecodeBuffered(component.DcTable!);
        int dc = component.DcPredictor + reader.ReceiveExtendBuffered(s);
        component.DcPredictor = dc;
        block[0] = (short)dc;

        var ac = component.AcTable!;
        var fastAc = ac.FastAc;
        int last = 0;
        for (int k = 1; k < 64; k++)
        {
            reader.Ensure(32);
            int fast = fastAc[reader.Peek(HuffmanTable.LookaheadBits)];
            if (fast != 0)
            {
                k += (fast >> 8) & 15;
                reader.Skip(fast & 31);
                last = zigzag[k];
                block[last] = (short)(fast >> 16);
                continue;
            }
            int rs = reader.DecodeBuffered(ac);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0)
            {
                k += r;
                // k ≤ 63 + 15: the padded zig-zag table maps an overshoot to the last coefficient, as libjpeg does.
                last = zigzag[k];
                block[last] = (short)reader.ReceiveExtendBuffered(s);
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                break;
            }
        }
        if (last == 0)
            InverseDct.TransformDcOnly(dc * component.Quant![0], component.PlaneBlock(row, column), component.PlaneStride);
        else
            InverseDct.Transform(block, component.Quant!, component.PlaneBlock(row, column), component.PlaneStride);
    }

    public void Restart()
    {
    }
}
