using FaceAlign.Imaging;

namespace FaceAlign.Tests.Cli;

/// <summary>
/// <c>facealign convert</c>: outputs checked against ImageMagick's decode of the input, plus every failure path
/// (bad input, unknown extension, unwritable output) leaving existing files untouched and no temporary files behind.
/// </summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static Image Reference => Image.Load(CliRunner.TestFile("bmp/rgb24.ppm")); // ImageMagick's decode of rgb24.bmp

    [Fact]
    public void Ppm_to_ppm_round_trips_exactly()
    {
        string first = cli.PathOf("a.ppm"), second = cli.PathOf("b.ppm");
        Assert.Equal(0, CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.ppm"), first).Exit);
        Assert.Equal(0, CliRunner.Run("convert", first, second).Exit);
        Assert.Equal(Reference.Pixels, Image.Load(first).Pixels);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.StartsWith("P6\n23 17\n255\n", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(first)));
    }

    [Fact]
    public void Bmp_to_ppm_matches_ImageMagick()
    {
        string output = cli.PathOf("out.PPM");
        var (exit, _, error) = CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), output);
        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(Reference.Pixels, Image.Load(output).Pixels);
    }

    [Fact]
    public void Colour_to_pgm_is_BT601_luma()
    {
        string output = cli.PathOf("grey.pgm");
        Assert.Equal(0, CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), output).Exit);
        var grey = Image.Load(output);
        Assert.Equal(PixelFormat.Gray8, grey.Format);
        var rgb = Reference.Pixels;
        for (int i = 0; i < grey.Pixels.Length; i++)
        {
            double luma = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
            Assert.True(Math.Abs(grey.Pixels[i] - luma) <= 0.51, $"pixel {i}: {grey.Pixels[i]} vs {luma:F2}");
        }
    }

    [Fact]
    public void Jpeg_output_uses_the_quality_option()
    {
        string input = CliRunner.TestFile("bmp/astronaut64x48.ppm");
        string defaultQuality = cli.PathOf("a.jpg"), low = cli.PathOf("b.JPEG");
        Assert.Equal(0, CliRunner.Run("convert", input, defaultQuality).Exit);
        Assert.Equal(0, CliRunner.Run("convert", input, low, "--quality", "30").Exit);
        var image = Image.Load(input);
        Assert.Equal(FaceAlign.Imaging.Jpeg.JpegEncoder.Encode(image, 90), File.ReadAllBytes(defaultQuality));
        Assert.Equal(FaceAlign.Imaging.Jpeg.JpegEncoder.Encode(image, 30), File.ReadAllBytes(low));
    }

    [Fact]
    public void Unknown_output_extension_writes_nothing()
    {
        string output = cli.PathOf("out.gif");
        var (exit, _, error) = CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), output);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {output}: unknown output format \".gif\" (use .png, .jpg, .jpeg, .ppm or .pgm)", error.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(cli.Folder));
    }

    [Theory]
    [InlineData("missing.bmp", null, "no such file")]
    [InlineData("empty.ppm", new byte[0], "empty file")]
    [InlineData("cut.ppm", new byte[] { (byte)'P', (byte)'6', (byte)' ', (byte)'2' }, "PNM header truncated before height")]
    public void Bad_input_never_clobbers_an_existing_output(string name, byte[]? contents, string reason)
    {
        string input = cli.PathOf(name, contents);
        byte[] previous = "precious"u8.ToArray();
        string output = cli.PathOf("keep.ppm", previous);

        var (exit, _, error) = CliRunner.Run("convert", input, output);

        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {input}: {reason}", error.Trim());
        Assert.Equal(previous, File.ReadAllBytes(output));
        Assert.Equal(contents is null ? 1 : 2, Directory.GetFileSystemEntries(cli.Folder).Length); // no temp file left behind
    }

    [Fact]
    public void A_failed_write_leaves_no_temporary_file()
    {
        string blocked = cli.PathOf("taken.ppm");
        Directory.CreateDirectory(blocked); // the output name is a folder: the final rename must fail
        var (exit, _, error) = CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), blocked);
        Assert.Equal(1, exit);
        Assert.StartsWith($"facealign: {blocked}: ", error);
        Assert.Equal([blocked], Directory.GetFileSystemEntries(cli.Folder));
        Assert.Empty(Directory.GetFileSystemEntries(blocked));
    }

    [Fact]
    public void Output_into_a_missing_folder_is_reported()
    {
        string output = Path.Combine(cli.Folder, "no", "such", "out.ppm");
        var (exit, _, error) = CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), output);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {output}: no such file or directory", error.Trim());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("high")]
    public void Quality_outside_1_to_100_is_a_usage_error(string quality)
    {
        string output = cli.PathOf("out.jpg");
        var (exit, _, error) = CliRunner.Run("convert", CliRunner.TestFile("bmp/rgb24.bmp"), output, "--quality", quality);
        Assert.NotEqual(0, exit);
        Assert.NotEqual("", error);
        Assert.False(File.Exists(output));
    }
}
