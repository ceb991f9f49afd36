using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// The vector IDCT against the scalar islow (bit-exact), and the scalar one against the defining formula of
/// T.81 A.3.3 evaluated in double precision.
/// </summary>
public class InverseDctTests
{
    private static (short[] Coefficients, ushort[] Quant) RandomBlock(Random rng, int range, int nonZero)
    {
        var coefficients = new short[64];
        var quant = new ushort[64];
        for (int i = 0; i < 64; i++)
            quant[i] = (ushort)rng.Next(1, 17);
        for (int i = 0; i < nonZero; i++)
            coefficients[rng.Next(64)] = (short)rng.Next(-range, range + 1);
        return (coefficients, quant);
    }

    // T.81 A.3.3: s(y,x) = 1/4 Σu Σv C(u)C(v) S(v,u) cos((2x+1)uπ/16) cos((2y+1)vπ/16), then +128 and clamp.
    private static byte[] ReferenceIdct(short[] coefficients, ushort[] quant)
    {
        var output = new byte[64];
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                double sum = 0;
                for (int v = 0; v < 8; v++)
                {
                    for (int u = 0; u < 8; u++)
                    {
                        double cu = u == 0 ? Math.Sqrt(0.5) : 1, cv = v == 0 ? Math.Sqrt(0.5) : 1;
                        sum += cu * cv * coefficients[v * 8 + u] * quant[v * 8 + u]
                            * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }
                output[y * 8 + x] = (byte)Math.Clamp(Math.Round(sum / 4 + 128), 0, 255);
            }
        }
        return output;
    }

    [Fact]
    public void Scalar_islow_is_within_one_of_the_exact_transform()
    {
        var rng = new Random(11);
        var actual = new byte[64];
        int worst = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var (coefficients, quant) = RandomBlock(rng, 30, rng.Next(1, 20));
            InverseDct.TransformScalar(coefficients, quant, actual, 8);
            var expected = ReferenceIdct(coefficients, quant);
            for (int i = 0; i < 64; i++)
                worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }
        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public void A_dc_only_block_is_flat()
    {
        var coefficients = new short[64];
        var quant = Enumerable.Repeat((ushort)1, 64).ToArray();
        coefficients[0] = 80; // 80/8 = 10 above mid-grey
        var output = new byte[64];
        InverseDct.TransformScalar(coefficients, quant, output, 8);
        Assert.All(output, v => Assert.Equal(138, v));
    }

    [Fact]
    public void Dc_only_shortcut_equals_the_full_transform()
    {
        var coefficients = new short[64];
        var quant = new ushort[64];
        var full = new byte[64];
        var shortcut = new byte[64];
        for (int dc = -1100; dc <= 1100; dc += 7)
        {
            coefficients[0] = (short)dc;
            quant[0] = (ushort)(1 + (dc & 3));
            InverseDct.TransformScalar(coefficients, quant, full, 8);
            InverseDct.TransformDcOnly(dc * quant[0], shortcut, 8);
            Assert.Equal(full, shortcut);
        }
    }

    [SkippableFact]
    public void Vector_path_is_bit_exact_with_scalar()
    {
        Skip.IfNot(InverseDct.IsVectorized, "no AVX2 on this machine");
        var rng = new Random(5);
        var scalar = new byte[8 * 13];
        var vector = new byte[8 * 13];
        for (int trial = 0; trial < 2000; trial++)
        {
            // Small, realistic and wildly out-of-range coefficients (corrupt files must not diverge either).
            int range = trial % 3 == 0 ? 40 : trial % 3 == 1 ? 1024 : short.MaxValue;
            var (coefficients, quant) = RandomBlock(rng, range, rng.Next(1, 64));
            InverseDct.TransformScalar(coefficients, quant, scalar, 13);
            InverseDct.TransformVector256(coefficients, quant, vector, 13);
            for (int r = 0; r < 8; r++)
                Assert.Equal(scalar.AsSpan(r * 13, 8).ToArray(), vector.AsSpan(r * 13, 8).ToArray());
        }
    }
}
