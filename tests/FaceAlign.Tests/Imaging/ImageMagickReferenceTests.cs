using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

/// <summary>Resize and warp against ImageMagick's outputs (an independent implementation; see TestFiles/resample/README.md).</summary>
public class ImageMagickReferenceTests
{
    private static Image Load(string name) => Image.Load(SharedData.TestFile("resample/" + name));

    private static void AssertWithinOneLevel(Image expected, Image actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Format), (actual.Width, actual.Height, actual.Format));
        for (int i = 0; i < expected.Pixels.Length; i++)
            Assert.True(Math.Abs(expected.Pixels[i] - actual.Pixels[i]) <= 1, $"sample {i}: {actual.Pixels[i]}, ImageMagick {expected.Pixels[i]}");
    }

    [Theory]
    [InlineData("down.ppm", 10, 7)]
    [InlineData("up.ppm", 37, 23)]
    [InlineData("down5.ppm", 5, 3)]
    public void Resize_matches_imagemagick_triangle_filter(string file, int width, int height) =>
        AssertWithinOneLevel(Load(file), Resize.Bilinear(Load("noise.ppm"), width, height));

    [Theory]
    [InlineData("warp_edge.ppm", BorderMode.Replicate)]
    [InlineData("warp_black.ppm", BorderMode.Constant)]
    public void Affine_warp_matches_imagemagick_bilinear_distort(string file, BorderMode mode)
    {
        var forward = AffineTransform.FromRotationScaleTranslation(0.3, 1.2, 3, -4);
        AssertWithinOneLevel(Load(file), AffineWarp.Apply(Load("noise.ppm"), forward, 30, 20, new Border(mode, 0)));
    }
}
