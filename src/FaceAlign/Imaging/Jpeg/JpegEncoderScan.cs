using System.Numerics.Tensors;

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
        var planes = new JpegEncoderPlanes(image, hMax, vMax);
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

        var bits = new HuffmanBitEncoder((int)Math.Min((long)image.Width * image.Height / 4, 1 << 24));
        var previousDc = new int[components.Length];
        Span<float> block = stackalloc float[64];
        Span<short> zigZag = stackalloc short[64];
        for (int my = 0; my < mcuRows; my++)
        {
            planes.Fill(my);
            for (int mx = 0; mx < mcuColumns; mx++)
            {
                for (int c = 0; c < components.Length; c++)
                {
                    var component = components[c];
                    for (int by = 0; by < component.V; by++)
                    {
                        for (int bx = 0; bx < component.H; bx++)
                        {
                            Load(planes.Samples[c], planes.Widths[c], (mx * component.H + bx) * 8, by * 8, block);
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

    // Rounds to nearest (vectorised through TensorPrimitives, in natural order, in place), then gathers in zig-zag
    // order; AC values are clamped to the ±1023 that baseline's 10-bit magnitude categories can carry.
    private static void Quantise(Span<float> coefficients, float[] reciprocals, Span<short> zigZag)
    {
        TensorPrimitives.Multiply(coefficients, reciprocals, coefficients);
        TensorPrimitives.Round(coefficients, coefficients);
        var order = JpegEncoderTables.ZigZag;
        zigZag[0] = (short)Math.Clamp((int)coefficients[0], -2047, 2047);
        for (int k = 1; k < 64; k++)
            zigZag[k] = (short)Math.Clamp((int)coefficients[order[k]], -1023, 1023);
    }
}
