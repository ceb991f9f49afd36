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
        int s = reader.Decode(component.DcTable!);
        int dc = component.DcPredictor + reader.ReceiveExtend(s);
        component.DcPredictor = dc;
        block[0] = (short)dc;

        var ac = component.AcTable!;
        for (int k = 1; k < 64; k++)
        {
            int rs = reader.Decode(ac);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0)
            {
                k += r;
                // k ≤ 63 + 15: the padded zig-zag table maps an overshoot to the last coefficient, as libjpeg does.
                block[zigzag[k]] = (short)reader.ReceiveExtend(s);
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
        InverseDct.Transform(block, component.Quant!, component.PlaneBlock(row, column), component.PlaneStride);
    }

    public void Restart()
    {
    }
}
