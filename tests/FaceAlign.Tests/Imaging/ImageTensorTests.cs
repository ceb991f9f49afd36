using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class ImageTensorTests
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    [Fact]
    public void Writes_planes_with_mean_std_normalisation()
    {
        var image = RandomImages.Noise(5, 3, PixelFormat.Rgb8, seed: 1);
        var chw = new float[ImageTensor.Length(5, 3)];
        ImageTensor.Write(image, TensorNormalization.FromUnitMeanStd(ImageNetMean, ImageNetStd), chw);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 5; x++)
                {
                    double expected = (RandomImages.At(image, x, y, c) / 255.0 - ImageNetMean[c]) / ImageNetStd[c];
                    Assert.Equal(expected, chw[c * 15 + y * 5 + x], 5);
                }
    }

    [Fact]
    public void Bgr_order_swaps_planes_and_pixel_scale_uses_raw_values()
    {
        var image = new Image(1, 1, PixelFormat.Rgba8, [10, 20, 30, 99]);
        var chw = new float[3];
        ImageTensor.Write(image, TensorNormalization.FromPixelMeanScale([104, 117, 123], [1, 2, 4], ChannelOrder.Bgr), chw);
        // Plane 0 is blue: (30 − 104)/1; plane 1 green: (20 − 117)/2; plane 2 red: (10 − 123)/4. Alpha is ignored.
        Assert.Equal([-74f, -48.5f, -28.25f], chw);
    }

    [Fact]
    public void Grey_is_replicated_into_three_planes()
    {
        var image = new Image(2, 1, PixelFormat.Gray8, [0, 255]);
        var chw = new float[6];
        ImageTensor.Write(image, TensorNormalization.UnitRange(), chw);
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 1f], chw);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb8, ChannelOrder.Rgb)]
    [InlineData(PixelFormat.Rgb8, ChannelOrder.Bgr)]
    [InlineData(PixelFormat.Rgba8, ChannelOrder.Rgb)]
    [InlineData(PixelFormat.Gray8, ChannelOrder.Rgb)]
    public void Fused_warp_equals_warp_then_write(PixelFormat format, ChannelOrder order)
    {
        var image = RandomImages.Smooth(160, 120, format, seed: 2);
        var forward = AffineTransform.RotationAbout(new Vector2(90, 50), -0.4, 112.0 / 70).Then(AffineTransform.Translation(56 - 90, 56 - 50));
        var normalization = TensorNormalization.FromUnitMeanStd(ImageNetMean, ImageNetStd, order);
        var fused = new float[ImageTensor.Length(112, 112)];
        ImageTensor.WriteWarped(image, forward, 112, 112, Border.Constant(), normalization, fused);
        var separate = new float[fused.Length];
        ImageTensor.Write(AffineWarp.Apply(image, forward, 112, 112, Border.Constant()), normalization, separate);
        Assert.Equal(separate, fused);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var image = new Image(4, 4, PixelFormat.Rgb8);
        Assert.Throws<ArgumentException>(() => ImageTensor.Write(image, TensorNormalization.UnitRange(), new float[47]));
        Assert.Throws<ArgumentException>(() => TensorNormalization.FromUnitMeanStd([0.5f, 0.5f], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => TensorNormalization.FromPixelMeanScale([0, 0, 0], [1, 0, 1]));
    }
}
