namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The one interleaved baseline scan: MCU by MCU (T.81 A.2.3), each component's H×V blocks in turn, each block
/// level-shifted, transformed (<see cref="ForwardDct"/>), quantised, put in zig-zag order and Huffman coded.
/// </summary>
internal static class JpegEncoderScan
{
    /// <summary>Index 0: luminance, 1: chrominance (Annex K.3).</summary>
    public static HuffmanEncoderTable[] DcTables { get; } =
    [
        new(JpegEncoderTables.DcLuminanceBits, JpegEncoderTables.DcLuminanceValues),
        new(JpegEncoderTables.DcChrominanceBits, JpegEncoderTables.DcChrominanceValues),
    ];

    public static HuffmanEncoderTable[] AcTables { get; } =
    [
        new(JpegEncoderTables.AcLuminanceBits, JpegEncoderTables.AcLuminanceValues),
        new(JpegEncoderTables.AcChrominanceBits, JpegEncoderTables.AcChrominanceValues),
    ];

    public static byte[] Encode(Image image, JpegEncoderComponent[] components, byte[][] quantisation)
    {
        int hMax = components.Max(c => c.H), vMax = components.Max(c => c.V);
        var planes = JpegEncoderPlanes.Build(image, hMax, vMax);
        int mcuColumns = (image.Width + 8 * hMax - 1) / (8 * hMax);
        int mcuRows = (image.Height + 8 * vMax - 1) / (8 * vMax);

        // Reciprocal divisors with the AAN output scale folded in: coefficient = round(scaled × 1 / (q × scale)).
        var reciprocals = new float[quantisation.Length][];
        for (int t = 0; t < quantisation.Length; t++)
        {
            reciprocals[t] = new float[64];
            for (int i = 0; i < 64; i++)
                reciprocals[t][i] = 1f / (quantisation[t][i] * ForwardDct.OutputScale[i]);
        }

        var bits = new HuffmanBitEncoder(image.Width * image.Height / 2);
        var previousDc = new int[components.Length];
        Span<float> block = stackalloc float[64];
        Span<short> zigZag = stackalloc short[64];
        for (int my = 0; my < mcuRows; my++)
        {
            for (int mx = 0; mx < mcuColumns; mx++)
            {
                for (int c = 0; c < components.Length; c++)
                {
                    var component = components[c];
                    for (int by = 0; by < component.V; by++)
                    {
                        for (int bx = 0; bx < component.H; bx++)
                        {
                            Load(planes.Samples[c], planes.Widths[c], (mx * component.H + bx) * 8, (my * component.V + by) * 8, block);
                            ForwardDct.TransformScaled(block);
                            Quantise(block, reciprocals[component.QuantisationTable], zigZag);
                            bits.EncodeBlock(zigZag, ref previousDc[c], DcTables[component.HuffmanTable], AcTables[component.HuffmanTable]);
                        }
                    }
                }
            }
        }
        return bits.Finish().ToArray();
    }

    private static void Load(byte[] plane, int width, int x, int y, Span<float> block)
    {
        for (int row = 0; row < 8; row++)
        {
            var src = plane.AsSpan((y + row) * width + x, 8);
            for (int i = 0; i < 8; i++)
                block[row * 8 + i] = src[i] - 128f;
        }
    }

    // Rounds to nearest; AC values are clamped to the ±1023 that baseline's 10-bit magnitude categories can carry.
    private static void Quantise(ReadOnlySpan<float> coefficients, float[] reciprocals, Span<short> zigZag)
    {
        var order = JpegEncoderTables.ZigZag;
        for (int k = 0; k < 64; k++)
        {
            int natural = order[k];
            int q = (int)MathF.Round(coefficients[natural] * reciprocals[natural]);
            zigZag[k] = (short)(k == 0 ? Math.Clamp(q, -2047, 2047) : Math.Clamp(q, -1023, 1023));
        }
    }
}
