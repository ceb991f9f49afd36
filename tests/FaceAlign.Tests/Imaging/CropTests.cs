using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class CropTests
{
    [Fact]
    public void Inside_crop_copies_exactly()
    {
        var image = RandomImages.Noise(20, 15, PixelFormat.Rgb8, seed: 1);
        var crop = Crop.Apply(image, 3, 4, 7, 5);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 7; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(RandomImages.At(image, x + 3, y + 4, c), RandomImages.At(crop, x, y, c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void Crop_partly_outside_fills_with_the_constant(byte fill)
    {
        var image = RandomImages.Noise(10, 8, PixelFormat.Gray8, seed: 2);
        var crop = Crop.Apply(image, -3, 5, 16, 6, fill);
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                int sx = x - 3, sy = y + 5;
                byte expected = sx >= 0 && sx < 10 && sy < 8 ? RandomImages.At(image, sx, sy, 0) : fill;
                Assert.Equal(expected, RandomImages.At(crop, x, y, 0));
            }
        }
    }

    [Fact]
    public void Crop_entirely_outside_or_far_away_is_all_fill()
    {
        var image = RandomImages.Noise(10, 8, PixelFormat.Rgba8, seed: 3);
        Assert.All(Crop.Apply(image, 50, 50, 4, 4, 7).Pixels, p => Assert.Equal(7, p));
        Assert.All(Crop.Apply(image, int.MaxValue - 2, int.MinValue, 4, 4, 7).Pixels, p => Assert.Equal(7, p));
    }

    [Fact]
    public void Box_is_rounded_outward()
    {
        var image = RandomImages.Noise(10, 10, PixelFormat.Gray8, seed: 4);
        var crop = Crop.Apply(image, new Box(2.5f, 1.2f, 3f, 2.1f));
        // x: floor(2.5)=2 … ceil(5.5)=6 → 4 wide; y: floor(1.2)=1 … ceil(3.3)=4 → 3 high.
        Assert.Equal((4, 3), (crop.Width, crop.Height));
        Assert.Equal(RandomImages.At(image, 2, 1, 0), crop.Pixels[0]);
    }

    [Fact]
    public void Empty_or_non_finite_crops_are_rejected()
    {
        var image = RandomImages.Noise(10, 10, PixelFormat.Gray8, seed: 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Crop.Apply(image, 0, 0, 0, 4));
        Assert.Throws<ArgumentException>(() => Crop.Apply(image, new Box(float.NaN, 0, 3, 3)));
        // A runaway box: an argument error naming the size, not an OverflowException.
        Assert.Throws<ArgumentOutOfRangeException>(() => Crop.Apply(image, new Box(0, 0, 1e5f, 1e5f)));
    }
}
