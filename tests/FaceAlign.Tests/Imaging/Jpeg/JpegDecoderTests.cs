using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>Identify, unsupported variants and malformed headers, on the committed files and byte-patched copies.</summary>
public class JpegDecoderTests
{
    private static byte[] Read(string name) => JpegReferenceTests.Read(name);

    [Theory]
    [InlineData("b444", 3, "ycbcr", "4:4:4", false)]
    [InlineData("b422", 3, "ycbcr", "4:2:2", false)]
    [InlineData("b420", 3, "ycbcr", "4:2:0", false)]
    [InlineData("p440", 3, "ycbcr", "4:4:0", true)]
    [InlineData("p411", 3, "ycbcr", "4:1:1", true)]
    [InlineData("grey", 1, "grey", "", false)]
    [InlineData("adobe-rgb", 3, "rgb", "4:4:4", false)]
    [InlineData("cmyk", 4, "cmyk", "4:4:4", false)]
    [InlineData("ycck", 4, "ycck", "4:4:4", false)]
    public void Identify_reads_the_headers(string name, int components, string model, string subsampling, bool progressive)
    {
        var info = Image.Identify(Read(name + ".jpg"));
        Assert.Equal(ImageFormat.Jpeg, info.Format);
        Assert.Equal((48, 40, components, 8), (info.Width, info.Height, info.Components, info.BitDepth));
        Assert.Equal((model, subsampling, progressive, 1), (info.ColorModel, info.Subsampling, info.Progressive, info.Orientation));
    }

    [Fact]
    public void Identify_names_unusual_sampling_by_its_factors()
    {
        var jpeg = Read("b420.jpg");
        int sof = FindMarker(jpeg, 0xC0);
        jpeg[sof + 4 + 6 + 4] = 0x12; // second component 1x2 while the third stays 1x1
        Assert.Equal("2x2,1x2,1x1", Image.Identify(jpeg).Subsampling);
    }

    [Fact]
    public void Grey_decodes_to_Gray8_and_colour_to_Rgb8()
    {
        Assert.Equal(PixelFormat.Gray8, Image.Decode(Read("grey.jpg")).Format);
        Assert.Equal(PixelFormat.Rgb8, Image.Decode(Read("cmyk.jpg")).Format);
    }

    [Fact]
    public void Arithmetic_coding_is_not_supported()
    {
        var e = Assert.Throws<NotSupportedException>(() => Image.Decode(Read("arithmetic.jpg")));
        Assert.Contains("arithmetic-coded JPEG is not supported", e.Message);
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC5, "hierarchical")]
    [InlineData(0xC9, "arithmetic")]
    public void Other_frame_types_are_not_supported(byte marker, string what)
    {
        var jpeg = Read("b444.jpg");
        jpeg[FindMarker(jpeg, 0xC0) + 1] = marker;
        Assert.Contains(what, Assert.Throws<NotSupportedException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void Twelve_bit_precision_is_not_supported()
    {
        var jpeg = Read("b444.jpg");
        jpeg[FindMarker(jpeg, 0xC0) + 4] = 12;
        Assert.Contains("12-bit", Assert.Throws<NotSupportedException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void Images_over_the_pixel_limit_are_refused()
    {
        var e = Assert.Throws<InvalidImageException>(() =>
            JpegDecoder.Decode(Read("b420.jpg"), DecoderOptions.Default with { MaxPixels = 48 * 40 - 1 }));
        Assert.Contains("limit", e.Message);
        Assert.Equal(48, JpegDecoder.Decode(Read("b420.jpg"), DecoderOptions.Default with { MaxPixels = 48 * 40 }).Width);
    }

    [Theory]
    [InlineData(6 + 1, 0x02, "sampling factors 0x2")]        // H = 0 on component 1
    [InlineData(6 + 1, 0x51, "sampling factors 5x1")]        // H = 5
    [InlineData(6 + 2, 0x07, "quantisation table 7")]
    public void Bad_frame_headers_are_InvalidImageException(int offset, byte value, string message)
    {
        var jpeg = Read("b420.jpg");
        jpeg[FindMarker(jpeg, 0xC0) + 4 + offset] = value;
        Assert.Contains(message, Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void A_scan_naming_an_unknown_component_is_InvalidImageException()
    {
        var jpeg = Read("b420.jpg");
        jpeg[FindMarker(jpeg, 0xDA) + 5] = 9;
        Assert.Contains("component 9", Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void Missing_Huffman_tables_are_InvalidImageException()
    {
        var jpeg = Read("b444.jpg");
        int dht;
        while ((dht = FindMarker(jpeg, 0xC4)) >= 0)
        {
            int length = jpeg[dht + 2] << 8 | jpeg[dht + 3];
            jpeg = [.. jpeg[..dht], .. jpeg[(dht + 2 + length)..]];
        }
        Assert.Contains("not defined", Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void A_bad_segment_length_is_InvalidImageException()
    {
        var jpeg = Read("b444.jpg");
        int dqt = FindMarker(jpeg, 0xDB);
        jpeg[dqt + 2] = 0;
        jpeg[dqt + 3] = 1;
        Assert.Contains("length 1", Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg)).Message);
    }

    [Theory]
    [InlineData("b420")]
    [InlineData("p420")]
    public void Truncated_files_are_InvalidImageException(string name)
    {
        var jpeg = Read(name + ".jpg");
        var e = Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg[..(jpeg.Length * 2 / 3)]));
        Assert.Contains("ends early", e.Message);
    }

    [Fact]
    public void Over_subscribed_Huffman_tables_are_InvalidImageException()
    {
        // DHT with three 1-bit codes.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x16, 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3];
        Assert.Contains("over-subscribed", Assert.Throws<InvalidImageException>(() => Image.Decode(jpeg)).Message);
    }

    [Fact]
    public void Thousands_of_scans_are_refused()
    {
        // p444's DC refinement scan (Ss = 0, Ah = 1: one bit per block, whatever came before) repeated until the
        // file has over 1000 scans.
        var jpeg = Read("p444.jpg");
        int start = -1;
        for (int i = 0; i + 1 < jpeg.Length && start < 0; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA)
            {
                int ns = jpeg[i + 4], ss = jpeg[i + 5 + 2 * ns], ah = jpeg[i + 7 + 2 * ns] >> 4;
                if (ss == 0 && ah > 0)
                    start = i;
            }
        }
        Assert.True(start > 0, "no DC refinement scan");
        int end = start + 2;
        while (!(jpeg[end] == 0xFF && jpeg[end + 1] != 0 && jpeg[end + 1] is < 0xD0 or > 0xD7))
            end++;
        var scan = jpeg[start..end];
        var body = new List<byte>(jpeg[..^2]);
        for (int i = 0; i < 1000; i++)
            body.AddRange(scan);
        body.AddRange(new byte[] { 0xFF, 0xD9 });
        Assert.Contains("more than 1000 scans", Assert.Throws<InvalidImageException>(() => Image.Decode(body.ToArray())).Message);
    }

    /// <summary>Offset of the first 0xFF marker byte pair with the given code, or -1.</summary>
    internal static int FindMarker(byte[] jpeg, byte marker)
    {
        for (int i = 0; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
                return i;
        }
        return -1;
    }
}
