using System.Buffers.Binary;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Bmp;

namespace FaceAlign.Tests.Imaging.Bmp;

/// <summary>BMP decoding checked against ImageMagick's decode of the same files (TestFiles/bmp/README.md).</summary>
public class BmpDecoderTests
{
    private static byte[] File(string name) => System.IO.File.ReadAllBytes(SharedData.TestFile("bmp/" + name));

    private static Image Reference(string ppm) => Image.Decode(File(ppm));

    [Theory]
    [InlineData("rgb24.bmp", "rgb24.ppm")]
    [InlineData("rgb565.bmp", "rgb565.ppm")]
    [InlineData("pal8.bmp", "pal8.ppm")]
    [InlineData("pal4.bmp", "pal4.ppm")]
    [InlineData("pal1.bmp", "pal1.ppm")]
    public void Decodes_exactly_as_ImageMagick(string bmp, string ppm)
    {
        var image = Image.Decode(File(bmp));
        var expected = Reference(ppm);
        Assert.Equal((23, 17), (image.Width, image.Height));
        Assert.Equal(expected.Pixels, image.ToRgb().Pixels);
    }

    [Fact]
    public void Decodes_32_bit_bitfields_with_alpha()
    {
        var image = Image.Decode(File("rgba32.bmp"));
        Assert.Equal(PixelFormat.Rgba8, image.Format);
        Assert.Equal(File("rgba32.rgba"), image.Pixels);
    }

    [Fact]
    public void Top_down_rows_give_the_same_image()
    {
        var bottomUp = File("rgb24.bmp");
        var topDown = (byte[])bottomUp.Clone();
        int offset = BinaryPrimitives.ReadInt32LittleEndian(bottomUp.AsSpan(10));
        const int stride = 72, height = 17; // 23 × 3 = 69 bytes, padded to 72
        for (int y = 0; y < height; y++)
            bottomUp.AsSpan(offset + y * stride, stride).CopyTo(topDown.AsSpan(offset + (height - 1 - y) * stride));
        BinaryPrimitives.WriteInt32LittleEndian(topDown.AsSpan(22), -height);

        Assert.Equal(Reference("rgb24.ppm").Pixels, Image.Decode(topDown).Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decodes_32_bit_BI_RGB_as_BGRX(bool topDown)
    {
        var expected = Reference("rgb24.ppm");
        var bmp = Bgrx(expected, topDown);
        var image = Image.Decode(bmp);
        Assert.Equal(PixelFormat.Rgb8, image.Format); // the fourth byte of BI_RGB is unused, not alpha
        Assert.Equal(expected.Pixels, image.Pixels);
    }

    [Fact]
    public void Decodes_bitfields_that_follow_a_plain_info_header_in_any_channel_order()
    {
        // 32-bit R, G, B, X in memory order: masks 0xFF, 0xFF00, 0xFF0000, given as the 12 bytes after a 40-byte header.
        var expected = Reference("rgb24.ppm");
        int w = expected.Width, h = expected.Height;
        var bmp = new byte[66 + w * h * 4];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 66);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), -h);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 32);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(30), 3); // BI_BITFIELDS
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(54), 0x000000FF);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(58), 0x0000FF00);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(62), 0x00FF0000);
        for (int i = 0; i < w * h; i++)
            expected.Pixels.AsSpan(3 * i, 3).CopyTo(bmp.AsSpan(66 + 4 * i));

        var image = Image.Decode(bmp);
        Assert.Equal(PixelFormat.Rgb8, image.Format);
        Assert.Equal(expected.Pixels, image.Pixels);

        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(54), 0x000000F7); // a mask with a hole in it
        Assert.Contains("contiguous", Assert.Throws<InvalidImageException>(() => Image.Decode(bmp)).Message);
    }

    [Fact]
    public void Vector_row_swaps_match_the_scalar_loops_at_every_width()
    {
        var rng = new Random(5);
        for (int width = 0; width <= 40; width++)
        {
            var bgr = new byte[width * 3];
            var bgra = new byte[width * 4];
            rng.NextBytes(bgr);
            rng.NextBytes(bgra);
            Assert.Equal(Run(bgr, width * 3, BmpDecoder.BgrToRgbScalar), Run(bgr, width * 3, BmpDecoder.BgrToRgb));
            foreach (bool alpha in new[] { false, true })
            {
                int output = width * (alpha ? 4 : 3);
                Assert.Equal(Run(bgra, output, (s, d) => BmpDecoder.BgraToRgbxScalar(s, d, alpha)),
                    Run(bgra, output, (s, d) => BmpDecoder.BgraToRgbx(s, d, alpha)));
            }
        }

        static byte[] Run(byte[] src, int outputLength, Swap swap)
        {
            var dst = new byte[outputLength];
            swap(src, dst);
            return dst;
        }
    }

    private delegate void Swap(ReadOnlySpan<byte> src, Span<byte> dst);

    [Fact]
    public void Identify_reads_the_headers()
    {
        var rgb = Image.Identify(File("rgb24.bmp"));
        Assert.Equal((ImageFormat.Bmp, 23, 17, 3, 8, "rgb"), (rgb.Format, rgb.Width, rgb.Height, rgb.Components, rgb.BitDepth, rgb.ColorModel));
        var rgba = Image.Identify(File("rgba32.bmp"));
        Assert.Equal((4, 8, "rgba"), (rgba.Components, rgba.BitDepth, rgba.ColorModel));
        var pal = Image.Identify(File("pal4.bmp"));
        Assert.Equal((1, 4, "palette"), (pal.Components, pal.BitDepth, pal.ColorModel));
    }

    [Fact]
    public void RLE_is_unsupported_not_invalid()
    {
        var e = Assert.Throws<NotSupportedException>(() => Image.Decode(File("rle8.bmp")));
        Assert.Contains("BI_RLE8", e.Message);
    }

    [Fact]
    public void Malformed_headers_are_InvalidImageException()
    {
        var valid = File("rgb24.bmp");
        Assert.Throws<InvalidImageException>(() => Image.Decode(valid[..30]));
        Assert.Throws<InvalidImageException>(() => Image.Decode(valid[..^80])); // pixel rows cut off
        Assert.Throws<InvalidImageException>(() => Image.Decode(With(valid, 14, 41)));   // no such header size
        Assert.Throws<InvalidImageException>(() => Image.Decode(With(valid, 18, 0)));    // zero width
        Assert.Throws<InvalidImageException>(() => Image.Decode(With(valid, 10, 5000))); // pixels beyond the end
        Assert.Throws<InvalidImageException>(() => Image.Decode(With(valid, 10, 20)));   // pixels inside the header
        Assert.Throws<InvalidImageException>(() => Image.Decode(With16(valid, 28, 7)));  // 7 bits per pixel
    }

    [Fact]
    public void Palette_index_beyond_the_palette_is_InvalidImageException()
    {
        var bmp = With(File("pal8.bmp"), 46, 40); // keep the first 40 of the 256 stored colours
        int offset = BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(10));
        bmp[offset] = 255;
        var e = Assert.Throws<InvalidImageException>(() => Image.Decode(bmp));
        Assert.Contains("palette", e.Message);
    }

    [Fact]
    public void Absurd_sizes_are_refused_before_allocating()
    {
        var e = Assert.Throws<InvalidImageException>(() =>
            BmpDecoder.Decode(File("rgb24.bmp"), new DecoderOptions { MaxPixels = 23 * 17 - 1 }));
        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void Survives_every_prefix_and_random_mutations()
    {
        foreach (var name in new[] { "rgb24.bmp", "pal4.bmp", "rgba32.bmp" })
        {
            var valid = File(name);
            CorruptInput.EveryPrefix(valid, b => Image.Decode(b));
            CorruptInput.RandomMutations(valid, 20_000, seed: name.Length, b => Image.Decode(b));
            CorruptInput.RandomMutations(valid, 2_000, seed: 7, b => Image.Identify(b));
        }
    }

    private static byte[] With(byte[] bytes, int at, int value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    private static byte[] With16(byte[] bytes, int at, ushort value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    // A minimal 32-bit BI_RGB file written by hand from the BITMAPINFOHEADER layout (wingdi.h), fourth byte 0x5A.
    private static byte[] Bgrx(Image rgb, bool topDown)
    {
        int w = rgb.Width, h = rgb.Height;
        var bmp = new byte[54 + w * h * 4];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), topDown ? -h : h);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 32);
        for (int y = 0; y < h; y++)
        {
            int row = topDown ? y : h - 1 - y;
            for (int x = 0; x < w; x++)
            {
                int s = (y * w + x) * 3, d = 54 + (row * w + x) * 4;
                (bmp[d], bmp[d + 1], bmp[d + 2], bmp[d + 3]) = (rgb.Pixels[s + 2], rgb.Pixels[s + 1], rgb.Pixels[s], 0x5A);
            }
        }
        return bmp;
    }
}
