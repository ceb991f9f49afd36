using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// Decodes the committed JPEGs (TestFiles/jpeg, made by make.sh from an astronaut crop with cjpeg/ImageMagick) and
/// compares with libjpeg-turbo's djpeg output for the same file, read through our PNM decoder.
/// </summary>
public class JpegReferenceTests
{
    public static TheoryData<string> Files =>
    [
        "b444", "b422", "b420", "b440", "b411",
        "p444", "p422", "p420", "p440", "p411",
        "grey", "grey-progressive", "restart420", "restart-progressive", "adobe-rgb", "cmyk", "ycck",
        "odd17x13", "one1x1", "strip1001x3", "strip1001x3-progressive",
    ];

    internal static byte[] Read(string name) => File.ReadAllBytes(SharedData.TestFile("jpeg/" + name));

    internal static Image Reference(string name) =>
        Image.Decode(Read(name + (name.StartsWith("grey", StringComparison.Ordinal) ? ".pgm" : ".ppm")));

    [Theory]
    [MemberData(nameof(Files))]
    public void Matches_djpeg(string name)
    {
        var expected = Reference(name);
        var actual = JpegDecoder.Decode(Read(name + ".jpg"), DecoderOptions.Default);
        AssertClose(expected, actual, name);
    }

    internal static void AssertClose(Image expected, Image actual, string name)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Format), (actual.Width, actual.Height, actual.Format));
        int max = 0;
        long sum = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            int d = Math.Abs(expected.Pixels[i] - actual.Pixels[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        double mean = (double)sum / expected.Pixels.Length;
        Assert.True(max <= 3 && mean < 0.5, $"{name}: max |diff| {max}, mean |diff| {mean:F3} against djpeg");
    }
}
