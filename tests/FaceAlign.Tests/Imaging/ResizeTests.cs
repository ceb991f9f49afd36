using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class ResizeTests
{
    [Theory]
    [InlineData(1, 1, 7, 5)]
    [InlineData(13, 9, 1, 1)]
    [InlineData(640, 48, 3, 17)]
    [InlineData(17, 19, 40, 41)]
    public void Constant_image_stays_constant(int w, int h, int outW, int outH)
    {
        var image = new Image(w, h, PixelFormat.Rgb8);
        for (int i = 0; i < image.Pixels.Length; i += 3)
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = ((byte)0, (byte)133, (byte)255);
        var resized = Resize.Bilinear(image, outW, outH);
        Assert.Equal(outW, resized.Width);
        Assert.Equal(outH, resized.Height);
        for (int i = 0; i < resized.Pixels.Length; i += 3)
            Assert.Equal([0, 133, 255], resized.Pixels.AsSpan(i, 3).ToArray());
    }

    [Fact]
    public void Hand_worked_halving_and_doubling()
    {
        // Halving 4→2: tent of radius 2 centred at 1 and 3. Output 0 sees pixels 0,1,2 with weights ¾,¾,¼ (pixel −1
        // is outside and dropped): (0·¾ + 100·¾ + 200·¼)/1.75 = 71.4. Output 1: (100·¼ + 200·¾ + 255·¾)/1.75 = 209.3.
        var row = new Image(4, 1, PixelFormat.Gray8, [0, 100, 200, 255]);
        Assert.Equal([71, 209], Resize.Bilinear(row, 2, 1).Pixels);
        // Doubling 2→4 is ordinary bilinear interpolation with centres at ¼, ¾, 1¼, 1¾: 0, 50, 150, 200.
        var pair = new Image(2, 1, PixelFormat.Gray8, [0, 200]);
        Assert.Equal([0, 50, 150, 200], Resize.Bilinear(pair, 4, 1).Pixels);
        // The same along y.
        var column = new Image(1, 2, PixelFormat.Gray8, [0, 200]);
        Assert.Equal([0, 50, 150, 200], Resize.Bilinear(column, 1, 4).Pixels);
    }

    [Theory]
    [InlineData(PixelFormat.Gray8, 31, 23, 10, 7)]
    [InlineData(PixelFormat.Rgb8, 64, 48, 19, 13)]
    [InlineData(PixelFormat.Rgb8, 9, 7, 31, 22)]
    [InlineData(PixelFormat.Rgba8, 40, 30, 41, 11)]
    [InlineData(PixelFormat.Rgb8, 200, 120, 11, 9)]
    [InlineData(PixelFormat.Rgb8, 300, 200, 410, 290)] // large enough to run in parallel bands
    [InlineData(PixelFormat.Rgba8, 900, 500, 250, 160)]
    public void Matches_a_naive_two_dimensional_reference(PixelFormat format, int w, int h, int outW, int outH)
    {
        var image = RandomImages.Noise(w, h, format, seed: w * outW);
        var actual = Resize.Bilinear(image, outW, outH);
        var expected = NaiveResize(image, outW, outH);
        AffineWarpTests.AssertClose(expected, actual, $"{w}×{h}→{outW}×{outH}");
    }

    [Fact]
    public void Shrinking_by_large_factors_averages_instead_of_aliasing()
    {
        // A one-pixel checkerboard shrunk 8×: point sampling would give pure black or white; area weighting gives grey.
        var board = new Image(64, 64, PixelFormat.Gray8);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                board.Pixels[y * 64 + x] = (byte)((x + y) % 2 == 0 ? 255 : 0);
        var small = Resize.Bilinear(board, 8, 8);
        Assert.All(small.Pixels, p => Assert.InRange(p, 120, 135));
    }

    [Fact]
    public void Same_size_is_a_copy()
    {
        var image = RandomImages.Noise(11, 5, PixelFormat.Rgba8, seed: 3);
        var copy = Resize.Bilinear(image, 11, 5);
        Assert.Equal(image.Pixels, copy.Pixels);
        Assert.NotSame(image.Pixels, copy.Pixels);
    }

    [Fact]
    public void Non_positive_size_is_rejected()
    {
        var image = RandomImages.Noise(4, 4, PixelFormat.Gray8, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Bilinear(image, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Bilinear(image, 3, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Bilinear(image, 100_000, 100_000));
    }

    /// <summary>
    /// The definition, written independently of the separable code: every source pixel (j, k) gets weight
    /// tent_x(j)·tent_y(k), where tent(j) = max(0, 1 − |j + ½ − centre| / radius), centre = (i + ½)·in/out,
    /// radius = max(1, in/out); the weighted mean is rounded.
    /// </summary>
    private static Image NaiveResize(Image image, int outW, int outH)
    {
        var result = new Image(outW, outH, image.Format);
        double sx = (double)image.Width / outW, sy = (double)image.Height / outH;
        double rx = Math.Max(1, sx), ry = Math.Max(1, sy);
        for (int v = 0; v < outH; v++)
        {
            for (int u = 0; u < outW; u++)
            {
                for (int c = 0; c < image.Channels; c++)
                {
                    double sum = 0, weight = 0;
                    // Pixels farther than the radius have weight 0; skipping them only saves time.
                    int k0 = Math.Max(0, (int)((v + 0.5) * sy - ry) - 1), k1 = Math.Min(image.Height, (int)((v + 0.5) * sy + ry) + 2);
                    int j0 = Math.Max(0, (int)((u + 0.5) * sx - rx) - 1), j1 = Math.Min(image.Width, (int)((u + 0.5) * sx + rx) + 2);
                    for (int k = k0; k < k1; k++)
                    {
                        double wy = Math.Max(0, 1 - Math.Abs(k + 0.5 - (v + 0.5) * sy) / ry);
                        for (int j = j0; j < j1 && wy > 0; j++)
                        {
                            double w = wy * Math.Max(0, 1 - Math.Abs(j + 0.5 - (u + 0.5) * sx) / rx);
                            sum += w * RandomImages.At(image, j, k, c);
                            weight += w;
                        }
                    }
                    result.Pixels[(v * outW + u) * image.Channels + c] = (byte)Math.Round(sum / weight, MidpointRounding.AwayFromZero);
                }
            }
        }
        return result;
    }
}
