using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// Splices a hand-built EXIF APP1 segment into a committed JPEG and checks the decoded image is the djpeg reference
/// moved the way EXIF 2.3 describes each orientation (a forward mapping written independently of the decoder's).
/// </summary>
public class ExifOrientationTests
{
    // TIFF header + IFD0 with one entry: Orientation (0x0112), SHORT, count 1.
    internal static byte[] ExifSegment(int orientation, bool littleEndian)
    {
        byte[] tiff = littleEndian
            ? [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0]
            : [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        int length = payload.Length + 2;
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
    }

    internal static byte[] WithExif(byte[] jpeg, int orientation, bool littleEndian) =>
        [.. jpeg[..2], .. ExifSegment(orientation, littleEndian), .. jpeg[2..]];

    // Where stored pixel (sx, sy) of a w×h image appears on screen.
    private static (int X, int Y) Displayed(int orientation, int sx, int sy, int w, int h) => orientation switch
    {
        1 => (sx, sy),
        2 => (w - 1 - sx, sy),
        3 => (w - 1 - sx, h - 1 - sy),
        4 => (sx, h - 1 - sy),
        5 => (sy, sx),
        6 => (h - 1 - sy, sx),
        7 => (h - 1 - sy, w - 1 - sx),
        _ => (sy, w - 1 - sx),
    };

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    [InlineData(7, true)]
    [InlineData(8, false)]
    public void Orientation_is_applied_after_decoding(int orientation, bool littleEndian)
    {
        var stored = JpegReferenceTests.Reference("b422");
        var jpeg = WithExif(JpegReferenceTests.Read("b422.jpg"), orientation, littleEndian);
        Assert.Equal(orientation, Image.Identify(jpeg).Orientation);
        Assert.Equal((48, 40), (Image.Identify(jpeg).Width, Image.Identify(jpeg).Height));

        int w = stored.Width, h = stored.Height;
        bool swapped = orientation >= 5;
        var expected = new Image(swapped ? h : w, swapped ? w : h, PixelFormat.Rgb8);
        for (int sy = 0; sy < h; sy++)
        {
            for (int sx = 0; sx < w; sx++)
            {
                var (x, y) = Displayed(orientation, sx, sy, w, h);
                for (int c = 0; c < 3; c++)
                    expected.Pixels[(y * expected.Width + x) * 3 + c] = stored.Pixels[(sy * w + sx) * 3 + c];
            }
        }
        JpegReferenceTests.AssertClose(expected, Image.Decode(jpeg), $"orientation {orientation}");
    }

    [Fact]
    public void Orientation_can_be_left_alone()
    {
        var jpeg = WithExif(JpegReferenceTests.Read("b422.jpg"), 6, littleEndian: true);
        var image = JpegDecoder.Decode(jpeg, DecoderOptions.Default with { ApplyExifOrientation = false });
        JpegReferenceTests.AssertClose(JpegReferenceTests.Reference("b422"), image, "orientation 6 not applied");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Out_of_range_orientations_read_as_1(int orientation)
    {
        var jpeg = WithExif(JpegReferenceTests.Read("b422.jpg"), orientation, littleEndian: true);
        Assert.Equal(1, Image.Identify(jpeg).Orientation);
    }

    [Fact]
    public void Malformed_exif_is_ignored()
    {
        var segment = ExifSegment(6, littleEndian: true);
        segment[10 + 4] = 0xF0; // IFD0 offset far outside the segment
        byte[] jpeg = [.. JpegReferenceTests.Read("b422.jpg")[..2], .. segment, .. JpegReferenceTests.Read("b422.jpg")[2..]];
        Assert.Equal(1, Image.Identify(jpeg).Orientation);
        Assert.Equal(48, Image.Decode(jpeg).Width);
    }
}
