using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class AffineWarpTests
{
    public static TheoryData<PixelFormat> Formats => new() { PixelFormat.Gray8, PixelFormat.Rgb8, PixelFormat.Rgba8 };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Identity_reproduces_the_image_exactly(PixelFormat format)
    {
        var image = RandomImages.Noise(37, 23, format, seed: 1);
        var warped = AffineWarp.Apply(image, AffineTransform.Identity, 37, 23, Border.Constant(9));
        Assert.Equal(image.Pixels, warped.Pixels);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Integer_translation_shifts_exactly_and_fills_the_uncovered_strip(PixelFormat format)
    {
        var image = RandomImages.Noise(31, 17, format, seed: 2);
        var shifted = AffineWarp.Apply(image, AffineTransform.Translation(5, -3), 31, 17, Border.Constant(200));
        var replicated = AffineWarp.Apply(image, AffineTransform.Translation(5, -3), 31, 17, Border.Replicate);
        for (int v = 0; v < 17; v++)
        {
            for (int u = 0; u < 31; u++)
            {
                int sx = u - 5, sy = v + 3;
                bool inside = sx >= 0 && sy < 17;
                for (int c = 0; c < image.Channels; c++)
                {
                    byte expected = inside ? RandomImages.At(image, sx, sy, c) : (byte)200;
                    Assert.Equal(expected, RandomImages.At(shifted, u, v, c));
                    byte edge = RandomImages.At(image, Math.Max(sx, 0), Math.Min(sy, 16), c);
                    Assert.Equal(edge, RandomImages.At(replicated, u, v, c));
                }
            }
        }
    }

    [Theory]
    [InlineData(PixelFormat.Gray8, 3)]
    [InlineData(PixelFormat.Rgb8, 4)]
    [InlineData(PixelFormat.Rgba8, 5)]
    [InlineData(PixelFormat.Rgb8, 6)]
    public void Random_transforms_match_the_double_precision_reference(PixelFormat format, int seed)
    {
        var random = new Random(seed);
        var noise = RandomImages.Noise(61, 47, format, seed);
        var smooth = RandomImages.Smooth(61, 47, format, seed);
        for (int trial = 0; trial < 12; trial++)
        {
            var forward = AffineTransform.FromRotationScaleTranslation(
                    random.NextDouble() * 2 * Math.PI, 0.4 + 2 * random.NextDouble(), random.Next(-40, 40), random.Next(-40, 40))
                .Then(new AffineTransform(1, 0.3 * (random.NextDouble() - 0.5), 0, 0.3 * (random.NextDouble() - 0.5), 1, 0));
            var border = trial % 2 == 0 ? Border.Replicate : Border.Constant((byte)random.Next(256));
            int width = 13 + random.Next(60), height = 7 + random.Next(60);
            foreach (var image in new[] { noise, smooth })
            {
                var expected = ReferenceWarp.Apply(image, forward, width, height, border);
                var actual = AffineWarp.Apply(image, forward, width, height, border);
                AssertClose(expected, actual, $"trial {trial}, {forward}");
            }
        }
    }

    [Fact]
    public void Face_crop_from_a_640x480_image_matches_the_reference()
    {
        var image = RandomImages.Smooth(640, 480, PixelFormat.Rgb8, seed: 7);
        // A 112×112 crop of a tilted 150-pixel face centred at (400, 260), as the landmark stage cuts it.
        var forward = AffineTransform.RotationAbout(new Vector2(400, 260), 0.3, 112.0 / 150)
            .Then(AffineTransform.Translation(56 - 400, 56 - 260));
        AssertClose(ReferenceWarp.Apply(image, forward, 112, 112, Border.Constant()), AffineWarp.Apply(image, forward, 112, 112, Border.Constant()), "crop");
    }

    [Fact]
    public void Rgb_vector_path_equals_grey_scalar_path_channel_by_channel()
    {
        // The same grey plane in all three channels: RGB goes through the Vector128 sampler, grey through the scalar
        // one; both must produce the same bytes, including at the borders.
        var grey = RandomImages.Noise(50, 40, PixelFormat.Gray8, seed: 8);
        var rgb = new Image(50, 40, PixelFormat.Rgb8);
        for (int i = 0; i < grey.Pixels.Length; i++)
            rgb.Pixels[3 * i] = rgb.Pixels[3 * i + 1] = rgb.Pixels[3 * i + 2] = grey.Pixels[i];
        var forward = AffineTransform.RotationAbout(new Vector2(25, 20), 0.7, 1.3);
        var g = AffineWarp.Apply(grey, forward, 45, 45, Border.Replicate);
        var c = AffineWarp.Apply(rgb, forward, 45, 45, Border.Replicate);
        for (int i = 0; i < g.Pixels.Length; i++)
        {
            Assert.Equal(g.Pixels[i], c.Pixels[3 * i]);
            Assert.Equal(g.Pixels[i], c.Pixels[3 * i + 1]);
            Assert.Equal(g.Pixels[i], c.Pixels[3 * i + 2]);
        }
    }

    [Fact]
    public void Constant_border_fills_everything_mapped_outside()
    {
        var image = RandomImages.Noise(20, 20, PixelFormat.Rgb8, seed: 9);
        // Shrinks the 20×20 source into the middle of a 60×60 canvas: the outer ring maps far outside the source.
        var forward = AffineTransform.Translation(20, 20);
        var result = AffineWarp.Apply(image, forward, 60, 60, Border.Constant(77));
        for (int v = 0; v < 60; v++)
        {
            for (int u = 0; u < 60; u++)
            {
                if (u >= 19 && u <= 40 && v >= 19 && v <= 40)
                    continue;
                Assert.Equal(77, RandomImages.At(result, u, v, 1));
            }
        }
    }

    [Fact]
    public void Transforms_reaching_far_outside_do_not_throw()
    {
        var image = RandomImages.Noise(10, 10, PixelFormat.Rgb8, seed: 10);
        var far = AffineWarp.Apply(image, AffineTransform.Translation(1e9, -1e9), 8, 8, Border.Constant(3));
        Assert.All(far.Pixels, p => Assert.Equal(3, p));
        var tiny = AffineWarp.Apply(image, AffineTransform.Scaling(1e-6, 1e-6), 8, 8, Border.Replicate);
        Assert.Equal(8 * 8 * 3, tiny.Pixels.Length);
    }

    [Fact]
    public void Singular_transform_and_mismatched_formats_are_argument_errors()
    {
        var image = RandomImages.Noise(10, 10, PixelFormat.Rgb8, seed: 11);
        Assert.Throws<ArgumentException>(() => AffineWarp.Apply(image, new AffineTransform(1, 2, 0, 2, 4, 0), 5, 5, Border.Replicate));
        Assert.Throws<ArgumentException>(() => AffineWarp.Apply(image, AffineTransform.Identity, new Image(5, 5, PixelFormat.Gray8), Border.Replicate));
    }

    [Fact]
    public void One_pixel_source_replicates_everywhere()
    {
        var image = new Image(1, 1, PixelFormat.Rgb8, [10, 20, 30]);
        var result = AffineWarp.Apply(image, AffineTransform.RotationAbout(Vector2.Zero, 0.5, 7), 9, 9, Border.Replicate);
        for (int i = 0; i < 81; i++)
            Assert.Equal([10, 20, 30], result.Pixels.AsSpan(3 * i, 3).ToArray());
    }

    internal static void AssertClose(Image expected, Image actual, string what)
    {
        Assert.Equal(expected.Pixels.Length, actual.Pixels.Length);
        int off = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            int d = Math.Abs(expected.Pixels[i] - actual.Pixels[i]);
            Assert.True(d <= 1, $"{what}: sample {i} is {actual.Pixels[i]}, reference {expected.Pixels[i]}");
            off += d;
        }
        // Float vs double may flip a rounding near .5, but only rarely.
        Assert.True(off <= expected.Pixels.Length / 100 + 1, $"{what}: {off} of {expected.Pixels.Length} samples off by one");
    }
}
