using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

public class YCbCrToRgbTests
{
    [Fact]
    public void Scalar_is_within_one_of_the_JFIF_formula()
    {
        var y = new byte[256 * 3];
        var cb = new byte[y.Length];
        var cr = new byte[y.Length];
        var rng = new Random(3);
        rng.NextBytes(y);
        rng.NextBytes(cb);
        rng.NextBytes(cr);
        var rgb = new byte[3 * y.Length];
        YCbCrToRgb.ConvertScalar(y, cb, cr, rgb);
        for (int i = 0; i < y.Length; i++)
        {
            // JFIF 1.02 §7.
            double r = y[i] + 1.402 * (cr[i] - 128);
            double g = y[i] - 0.344136 * (cb[i] - 128) - 0.714136 * (cr[i] - 128);
            double b = y[i] + 1.772 * (cb[i] - 128);
            Assert.InRange(rgb[3 * i] - Math.Clamp(r, 0, 255), -1, 1);
            Assert.InRange(rgb[3 * i + 1] - Math.Clamp(g, 0, 255), -1, 1);
            Assert.InRange(rgb[3 * i + 2] - Math.Clamp(b, 0, 255), -1, 1);
        }
    }

    [Fact]
    public void Vector_path_equals_scalar_for_every_length_0_to_100()
    {
        var rng = new Random(9);
        for (int n = 0; n <= 100; n++)
        {
            var y = new byte[n];
            var cb = new byte[n];
            var cr = new byte[n];
            rng.NextBytes(y);
            rng.NextBytes(cb);
            rng.NextBytes(cr);
            var expected = new byte[3 * n];
            var actual = new byte[3 * n];
            YCbCrToRgb.ConvertScalar(y, cb, cr, expected);
            YCbCrToRgb.Convert(y, cb, cr, actual);
            Assert.Equal(expected, actual);
        }
    }
}
