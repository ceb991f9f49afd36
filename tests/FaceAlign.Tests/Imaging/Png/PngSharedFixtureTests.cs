using System.Diagnostics;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>
/// The full-size sample photos in shared/data/fixtures/images decode to exactly what ImageMagick decodes them to
/// (converted at test time, so nothing derived from them is committed). Skipped without the data or ImageMagick.
/// </summary>
public class PngSharedFixtureTests
{
    private const string ImageMagick = "/usr/bin/convert-im6.q16";

    [SkippableTheory]
    [InlineData("astronaut.png")]
    [InlineData("camera.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    [InlineData("motorcycle_left.png")]
    public void Decodes_like_ImageMagick(string name)
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        Skip.IfNot(File.Exists(ImageMagick), "ImageMagick 6 Q16 is not installed");
        string path = SharedData.PathOf("fixtures/images/" + name);
        string ppm = Path.Combine(Path.GetTempPath(), $"facealign-{Path.GetFileNameWithoutExtension(name)}-{Environment.ProcessId}.ppm");
        try
        {
            var info = new ProcessStartInfo(ImageMagick) { ArgumentList = { path, "-depth", "8", "ppm:" + ppm }, RedirectStandardError = true };
            using (var process = Process.Start(info)!)
            {
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, error);
            }
            var decoded = Image.Load(path);
            var reference = Image.Load(ppm);
            Assert.Equal((reference.Width, reference.Height), (decoded.Width, decoded.Height));
            Assert.Equal(name == "camera.png" ? PixelFormat.Gray8 : PixelFormat.Rgb8, decoded.Format);
            Assert.True(reference.Pixels.AsSpan().SequenceEqual(decoded.ToRgb().Pixels), $"{name} differs from ImageMagick's decode");
        }
        finally
        {
            File.Delete(ppm);
        }
    }
}
