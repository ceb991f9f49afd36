using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class PixelBufferTests
{
    // Two rows of two pixels, padded to a stride of bpp·2 + 3 bytes with 0xEE filler.
    [Theory]
    [InlineData(PixelLayout.Gray8, PixelFormat.Gray8)]
    [InlineData(PixelLayout.Rgb24, PixelFormat.Rgb8)]
    [InlineData(PixelLayout.Bgr24, PixelFormat.Rgb8)]
    [InlineData(PixelLayout.Rgba32, PixelFormat.Rgba8)]
    [InlineData(PixelLayout.Bgra32, PixelFormat.Rgba8)]
    public void Every_layout_with_padded_stride(PixelLayout layout, PixelFormat format)
    {
        int bpp = PixelBuffer.BytesPerPixel(layout), stride = 2 * bpp + 3;
        var buffer = new byte[stride + 2 * bpp]; // last row unpadded
        buffer.AsSpan().Fill(0xEE);
        byte[][] pixels = [[10, 20, 30, 40], [50, 60, 70, 80], [90, 100, 110, 120], [130, 140, 150, 160]];
        for (int i = 0; i < 4; i++)
        {
            int o = (i / 2) * stride + (i % 2) * bpp;
            var p = pixels[i];
            bool bgr = layout is PixelLayout.Bgr24 or PixelLayout.Bgra32;
            byte[] stored = bpp switch
            {
                1 => [p[0]],
                3 => bgr ? [p[2], p[1], p[0]] : [p[0], p[1], p[2]],
                _ => bgr ? [p[2], p[1], p[0], p[3]] : [p[0], p[1], p[2], p[3]],
            };
            stored.CopyTo(buffer, o);
        }

        var image = PixelBuffer.ToImage(buffer, 2, 2, stride, layout);
        Assert.Equal(format, image.Format);
        for (int i = 0; i < 4; i++)
            Assert.Equal(pixels[i].AsSpan(0, image.Channels).ToArray(), image.Pixels.AsSpan(i * image.Channels, image.Channels).ToArray());

        // Writing back reproduces the caller's buffer, padding untouched.
        var back = new byte[buffer.Length];
        back.AsSpan().Fill(0xEE);
        PixelBuffer.Write(image, back, stride, layout);
        Assert.Equal(buffer, back);
    }

    [Fact]
    public void Write_converts_between_grey_and_colour()
    {
        var rgb = new Image(1, 1, PixelFormat.Rgb8, [200, 100, 50]);
        var grey = new byte[1];
        PixelBuffer.Write(rgb, grey, 1, PixelLayout.Gray8);
        Assert.Equal((byte)Math.Round(0.299 * 200 + 0.587 * 100 + 0.114 * 50), grey[0]);
        var bgra = new byte[4];
        PixelBuffer.Write(new Image(1, 1, PixelFormat.Gray8, [77]), bgra, 4, PixelLayout.Bgra32);
        Assert.Equal([77, 77, 77, 255], bgra);
    }

    [Fact]
    public void Short_buffers_and_small_strides_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelBuffer.ToImage(new byte[100], 4, 2, 11, PixelLayout.Rgb24));
        Assert.Throws<ArgumentException>(() => PixelBuffer.ToImage(new byte[23], 4, 2, 12, PixelLayout.Rgb24));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelBuffer.ToImage(new byte[100], 0, 2, 12, PixelLayout.Rgb24));
    }
}
