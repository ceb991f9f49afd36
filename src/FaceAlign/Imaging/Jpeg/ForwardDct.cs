namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The 8×8 forward DCT of T.81 A.3.3. <see cref="TransformScaled"/> is the Arai–Agui–Nakajima float algorithm (as in
/// libjpeg's jfdctflt.c: 5 multiplies per 1-D pass) whose outputs come out multiplied by <see cref="OutputScale"/>;
/// the encoder folds that scale into its quantisation divisors. <see cref="TransformNaive"/> is the textbook double
/// sum: the test oracle. Blocks are 64 floats, row-major, samples already level-shifted (−128).
/// </summary>
internal static partial class ForwardDct
{
    /// <summary>AAN output[v·8+u] = OutputScale[v·8+u] × F(v, u), with 8·s(u)·s(v), s(0) = 1, s(k) = √2·cos(kπ/16).</summary>
    public static ReadOnlySpan<float> OutputScale => outputScale;

    private static readonly float[] outputScale = BuildOutputScale();

    /// <summary>In place; see <see cref="OutputScale"/>. Uses Vector256 when the hardware has it.</summary>
    public static void TransformScaled(Span<float> block)
    {
        if (block.Length < 64)
            throw new ArgumentException("a DCT block has 64 samples", nameof(block));
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            TransformScaledVector256(block);
        else
            TransformScaledScalar(block);
    }

    internal static void TransformScaledScalar(Span<float> block)
    {
        for (int row = 0; row < 8; row++)
            Pass(block, row * 8, 1);
        for (int column = 0; column < 8; column++)
            Pass(block, column, 8);
    }

    /// <summary>F(v,u) = ¼ C(u) C(v) Σx Σy f(y,x) cos((2x+1)uπ/16) cos((2y+1)vπ/16), C(0) = 1/√2, else 1 (A.3.3).</summary>
    public static void TransformNaive(ReadOnlySpan<float> samples, Span<float> coefficients)
    {
        for (int v = 0; v < 8; v++)
        {
            for (int u = 0; u < 8; u++)
            {
                double sum = 0;
                for (int y = 0; y < 8; y++)
                {
                    for (int x = 0; x < 8; x++)
                        sum += samples[y * 8 + x] * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                }
                double cu = u == 0 ? 1 / Math.Sqrt(2) : 1, cv = v == 0 ? 1 / Math.Sqrt(2) : 1;
                coefficients[v * 8 + u] = (float)(0.25 * cu * cv * sum);
            }
        }
    }

    // One 1-D AAN pass over 8 samples d[start + k·step] (Arai, Agui, Nakajima 1988; Pennebaker & Mitchell fig. 4-8).
    private static void Pass(Span<float> d, int start, int step)
    {
        float d0 = d[start], d1 = d[start + step], d2 = d[start + 2 * step], d3 = d[start + 3 * step];
        float d4 = d[start + 4 * step], d5 = d[start + 5 * step], d6 = d[start + 6 * step], d7 = d[start + 7 * step];
        float tmp0 = d0 + d7, tmp7 = d0 - d7;
        float tmp1 = d1 + d6, tmp6 = d1 - d6;
        float tmp2 = d2 + d5, tmp5 = d2 - d5;
        float tmp3 = d3 + d4, tmp4 = d3 - d4;

        // Even part.
        float tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
        float tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
        d[start] = tmp10 + tmp11;
        d[start + 4 * step] = tmp10 - tmp11;
        float z1 = (tmp12 + tmp13) * C4;
        d[start + 2 * step] = tmp13 + z1;
        d[start + 6 * step] = tmp13 - z1;

        // Odd part.
        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        float z5 = (tmp10 - tmp12) * C6;
        float z2 = C2MinusC6 * tmp10 + z5;
        float z4 = C2PlusC6 * tmp12 + z5;
        float z3 = tmp11 * C4;
        float z11 = tmp7 + z3, z13 = tmp7 - z3;
        d[start + 5 * step] = z13 + z2;
        d[start + 3 * step] = z13 - z2;
        d[start + step] = z11 + z4;
        d[start + 7 * step] = z11 - z4;
    }

    // cos(kπ/16) combinations of the AAN flow graph.
    private const float C4 = 0.707106781f;         // cos(4π/16)
    private const float C6 = 0.382683433f;         // cos(6π/16)
    private const float C2MinusC6 = 0.541196100f;  // cos(2π/16) − cos(6π/16)
    private const float C2PlusC6 = 1.306562965f;   // cos(2π/16) + cos(6π/16)

    private static float[] BuildOutputScale()
    {
        var s = new double[8];
        s[0] = 1;
        for (int k = 1; k < 8; k++)
            s[k] = Math.Sqrt(2) * Math.Cos(k * Math.PI / 16);
        var scale = new float[64];
        for (int v = 0; v < 8; v++)
        {
            for (int u = 0; u < 8; u++)
                scale[v * 8 + u] = (float)(8 * s[u] * s[v]);
        }
        return scale;
    }
}
