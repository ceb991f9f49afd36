using System.Text;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging.Pnm;

public class PnmDecoderTests
{
    private static byte[] Bytes(string header, params byte[] body) => [.. Encoding.ASCII.GetBytes(header), .. body];

    [Fact]
    public void Decodes_P6_with_comments_and_P5()
    {
        var rgb = Image.Decode(Bytes("P6\n# a comment\n2 1\n255\n", 1, 2, 3, 4, 5, 6));
        Assert.Equal((2, 1, PixelFormat.Rgb8), (rgb.Width, rgb.Height, rgb.Format));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, rgb.Pixels);

        var grey = Image.Decode(Bytes("P5 1 2 255 ", 7, 200));
        Assert.Equal(PixelFormat.Gray8, grey.Format);
        Assert.Equal(new byte[] { 7, 200 }, grey.Pixels);
    }

    [Fact]
    public void Rescales_16_bit_and_small_maxval_samples()
    {
        var wide = Image.Decode(Bytes("P5 2 1 65535\n", 0xFF, 0xFF, 0x80, 0x00));
        Assert.Equal(new byte[] { 255, 128 }, wide.Pixels); // 0x8000·255/65535 = 127.5 → 128
        var small = Image.Decode(Bytes("P5 2 1 3\n", 3, 1));
        Assert.Equal(new byte[] { 255, 85 }, small.Pixels);
    }

    [Theory]
    [InlineData("P6\n2 2\n255\n")]          // no pixel data
    [InlineData("P6\n2")]                   // header cut short
    [InlineData("P6\n0 2\n255\n")]          // zero width
    [InlineData("P5\n1 1\n70000\n")]        // maxval too large
    [InlineData("P5\nx 1\n255\n")]          // not a number
    public void Malformed_files_are_InvalidImageException(string text)
    {
        var e = Assert.Throws<InvalidImageException>(() => Image.Decode(Bytes(text, 1, 2, 3)));
        Assert.StartsWith("PNM", e.Message);
    }

    [Fact]
    public void Absurd_sizes_are_refused_before_allocating()
    {
        var e = Assert.Throws<InvalidImageException>(() => Image.Decode(Bytes("P6 100000 100000 255\n", 0)));
        Assert.Contains("limit", e.Message);
    }
}
