using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>
/// Every committed PNG (TestFiles/png, made by ImageMagick and netpbm — see its README) decodes to exactly the pixels
/// ImageMagick Q16 decodes it to: <c>name.ppm</c> holds the colour (grey replicated), <c>name.alpha.pgm</c> the alpha.
/// </summary>
public class PngReferenceTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SharedData.TestFile("png"), "*.png").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Decodes_exactly_as_ImageMagick(string name)
    {
        string path = SharedData.TestFile("png/" + name);
        var decoded = Image.Load(path);
        var colour = Image.Load(Path.ChangeExtension(path, ".ppm"));
        string alphaPath = Path.ChangeExtension(path, ".alpha.pgm");
        var info = Image.Identify(File.ReadAllBytes(path));

        var expectedFormat = File.Exists(alphaPath) ? PixelFormat.Rgba8
            : info.ColorModel == "grey" ? PixelFormat.Gray8 : PixelFormat.Rgb8;
        Assert.Equal(expectedFormat, decoded.Format);
        Assert.Equal((colour.Width, colour.Height), (decoded.Width, decoded.Height));
        AssertSamePixels(colour.Pixels, decoded.ToRgb().Pixels, decoded.Width, 3, name);
        if (decoded.Format == PixelFormat.Rgba8)
        {
            var alpha = Image.Load(alphaPath);
            var ours = new byte[decoded.Width * decoded.Height];
            for (int i = 0; i < ours.Length; i++)
                ours[i] = decoded.Pixels[4 * i + 3];
            AssertSamePixels(alpha.Pixels, ours, decoded.Width, 1, name + " alpha");
        }
    }

    [Theory]
    [InlineData("g1-17x13.png", 1, 1, "grey", false)]
    [InlineData("g16-32x24-adam7.png", 1, 16, "grey", true)]
    [InlineData("rgb16-17x13.png", 3, 16, "rgb", false)]
    [InlineData("p4-32x24.png", 3, 4, "palette", false)]
    [InlineData("ptrns-32x24.png", 4, 8, "palette", false)]
    [InlineData("ga8-17x13-adam7.png", 2, 8, "grey+alpha", true)]
    [InlineData("rgba16-1001x3.png", 4, 16, "rgba", false)]
    [InlineData("gkey8-32x24.png", 1, 8, "grey", false)]
    public void Identify_reports_the_stored_layout(string name, int components, int depth, string model, bool adam7)
    {
        var info = Image.Identify(File.ReadAllBytes(SharedData.TestFile("png/" + name)));
        Assert.Equal(ImageFormat.Png, info.Format);
        Assert.Equal((components, depth, model, adam7), (info.Components, info.BitDepth, info.ColorModel, info.Progressive));
    }

    [Fact]
    public void The_stream_overload_decodes_the_same_pixels()
    {
        string path = SharedData.TestFile("png/rgba8-17x13-adam7.png");
        using var stream = File.OpenRead(path);
        Assert.Equal(Image.Load(path).Pixels, FaceAlign.Imaging.Png.PngDecoder.Decode(stream, DecoderOptions.Default).Pixels);
    }

    private static void AssertSamePixels(byte[] expected, byte[] actual, int width, int channels, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                int pixel = i / channels;
                Assert.Fail($"{what}: pixel ({pixel % width}, {pixel / width}) channel {i % channels} is {actual[i]}, ImageMagick says {expected[i]}");
            }
        }
    }
}
