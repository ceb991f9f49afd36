using System.Text;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Pnm;

namespace FaceAlign.Tests.Imaging.Pnm;

/// <summary>PPM/PGM writing against hand-written Netpbm bytes.</summary>
public class PnmEncoderTests
{
    private static byte[] Bytes(string header, params byte[] body) => [.. Encoding.ASCII.GetBytes(header), .. body];

    [Fact]
    public void Ppm_replicates_grey_and_drops_alpha()
    {
        Assert.Equal(Bytes("P6\n2 1\n255\n", 9, 9, 9, 200, 200, 200), PnmEncoder.EncodePpm(new Image(2, 1, PixelFormat.Gray8, [9, 200])));
        Assert.Equal(Bytes("P6\n1 2\n255\n", 1, 2, 3, 5, 6, 7), PnmEncoder.EncodePpm(new Image(1, 2, PixelFormat.Rgba8, [1, 2, 3, 4, 5, 6, 7, 8])));
    }

    [Fact]
    public void Pgm_keeps_grey_and_turns_colour_into_luma()
    {
        Assert.Equal(Bytes("P5\n2 1\n255\n", 9, 200), PnmEncoder.EncodePgm(new Image(2, 1, PixelFormat.Gray8, [9, 200])));
        // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1, white stays 255.
        var rgb = new Image(4, 1, PixelFormat.Rgb8, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
        Assert.Equal(Bytes("P5\n4 1\n255\n", 76, 150, 29, 255), PnmEncoder.EncodePgm(rgb));
    }

    [Fact]
    public void Decoding_what_was_encoded_gives_the_image_back()
    {
        var rgb = new Image(3, 2, PixelFormat.Rgb8, [.. Enumerable.Range(0, 18).Select(i => (byte)(i * 14))]);
        Assert.Equal(rgb.Pixels, Image.Decode(PnmEncoder.EncodePpm(rgb)).Pixels);
    }
}
