using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>Hand-worked values of the triangle filters (3/4 nearer + 1/4 further, libjpeg's alternating rounding).</summary>
public class ChromaUpsamplerTests
{
    [Fact]
    public void H2V1_blends_neighbours_three_to_one()
    {
        var output = new byte[6];
        ChromaUpsampler.FancyH2V1Scalar([0, 100, 200], 3, output);
        // 0 | (0·3+100+2)/4=25 | (300+0+1)/4=75 | (300+200+2)/4=125 | (600+100+1)/4=175 | 200
        Assert.Equal(new byte[] { 0, 25, 75, 125, 175, 200 }, output);
    }

    [Fact]
    public void H2V2_weights_9_3_3_1()
    {
        var output = new byte[6];
        // Column sums 3·near + far: 160, 0, 16 (near 40,0,4; far 40,0,4 → 160,0,16).
        ChromaUpsampler.FancyH2V2Scalar([40, 0, 4], [40, 0, 4], 3, output);
        // (160·4+8)/16=40 | (160·3+0+7)/16=30 | (0+160+8)/16=10 | (0+16+7)/16=1 | (48+0+8)/16=3 | (16·4+7)/16=4
        Assert.Equal(new byte[] { 40, 30, 10, 1, 3, 4 }, output);
    }

    [Fact]
    public void H1V2_uses_bias_1_above_and_2_below()
    {
        var output = new byte[2];
        ChromaUpsampler.FancyH1V2([10, 10], [11, 12], 2, 1, output);
        Assert.Equal(new byte[] { 10, 10 }, output);   // (30+11+1)/4=10, (30+12+1)/4=10
        ChromaUpsampler.FancyH1V2([10, 10], [11, 12], 2, 2, output);
        Assert.Equal(new byte[] { 10, 11 }, output);   // (30+11+2)/4=10, (30+12+2)/4=11
    }

    [Fact]
    public void Other_factors_replicate()
    {
        var output = new byte[8];
        ChromaUpsampler.Replicate([1, 2], 2, 4, output);
        Assert.Equal(new byte[] { 1, 1, 1, 1, 2, 2, 2, 2 }, output);
    }

    // The vector filters against the scalar ones on every width 3–80 (edges, tails, odd widths).
    [Fact]
    public void Vector_filters_equal_scalar_for_widths_3_to_80()
    {
        var rng = new Random(17);
        for (int width = 3; width <= 80; width++)
        {
            var nearer = new byte[width];
            var further = new byte[width];
            rng.NextBytes(nearer);
            rng.NextBytes(further);
            var scratch = new short[ChromaUpsampler.ScratchLength(width)];
            var expected = new byte[2 * width];
            var actual = new byte[2 * width];

            ChromaUpsampler.FancyH2V1Scalar(nearer, width, expected);
            ChromaUpsampler.FancyH2V1(nearer, width, actual, scratch);
            Assert.Equal(expected, actual);

            ChromaUpsampler.FancyH2V2Scalar(nearer, further, width, expected);
            ChromaUpsampler.FancyH2V2(nearer, further, width, actual, scratch);
            Assert.Equal(expected, actual);
        }
    }
}
