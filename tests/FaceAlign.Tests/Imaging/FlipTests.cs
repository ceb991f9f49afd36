using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class FlipTests
{
    [Theory]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Rgb8)]
    [InlineData(PixelFormat.Rgba8)]
    public void Horizontal_flip_mirrors_columns_and_twice_is_identity(PixelFormat format)
    {
        var image = RandomImages.Noise(7, 4, format, seed: 1);
        var flipped = Flip.Horizontal(image);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 7; x++)
                for (int c = 0; c < image.Channels; c++)
                    Assert.Equal(RandomImages.At(image, 6 - x, y, c), RandomImages.At(flipped, x, y, c));
        Assert.Equal(image.Pixels, Flip.Horizontal(flipped).Pixels);
    }

    [Fact]
    public void Vertical_flip_mirrors_rows()
    {
        var image = RandomImages.Noise(5, 3, PixelFormat.Rgb8, seed: 2);
        var flipped = Flip.Vertical(image);
        Assert.Equal(image.Row(0).ToArray(), flipped.Row(2).ToArray());
        Assert.Equal(image.Row(1).ToArray(), flipped.Row(1).ToArray());
    }
}
