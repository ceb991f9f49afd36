using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>Restart markers: wrong numbers and stray bytes before them are tolerated, as libjpeg does.</summary>
public class JpegRestartTests
{
    [Theory]
    [InlineData("restart420")]
    [InlineData("restart-progressive")]
    public void Wrongly_numbered_restart_markers_are_tolerated(string name)
    {
        var jpeg = JpegReferenceTests.Read(name + ".jpg");
        int changed = 0;
        for (int i = JpegDecoderTests.FindMarker(jpeg, 0xDA); i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is >= 0xD0 and <= 0xD7)
            {
                jpeg[i + 1] = (byte)(0xD0 + (jpeg[i + 1] + 3) % 8);
                changed++;
            }
        }
        Assert.True(changed >= 8, $"only {changed} restart markers");
        JpegReferenceTests.AssertClose(JpegReferenceTests.Reference(name), Image.Decode(jpeg), name + " with renumbered RSTs");
    }

    [Fact]
    public void Garbage_before_a_restart_marker_is_skipped()
    {
        var jpeg = JpegReferenceTests.Read("restart420.jpg");
        int rst = JpegDecoderTests.FindMarker(jpeg, 0xD3);
        byte[] spliced = [.. jpeg[..rst], 0x12, 0x34, 0xFF, 0x00, .. jpeg[rst..]];
        JpegReferenceTests.AssertClose(JpegReferenceTests.Reference("restart420"), Image.Decode(spliced), "garbage before RST3");
    }

    [Fact]
    public void A_missing_restart_marker_is_InvalidImageException()
    {
        var jpeg = JpegReferenceTests.Read("restart420.jpg");
        int rst = JpegDecoderTests.FindMarker(jpeg, 0xD3);
        // Drop everything from RST3 to the end of the scan: the next MCU finds EOI instead of entropy data.
        int eoi = JpegDecoderTests.FindMarker(jpeg, 0xD9);
        byte[] cut = [.. jpeg[..rst], .. jpeg[eoi..]];
        Assert.Contains("ends early", Assert.Throws<InvalidImageException>(() => Image.Decode(cut)).Message);
    }
}
