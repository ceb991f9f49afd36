using System.Diagnostics;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// Real-world JPEGs from ../shared/data (camera and web photos with assorted encoders), compared with djpeg run at test
/// time. Skipped when the data or djpeg is missing.
/// </summary>
public class JpegSharedDataTests
{
    private static string? Djpeg() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "djpeg")).FirstOrDefault(File.Exists);

    [SkippableFact]
    public void Photos_match_djpeg()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var djpeg = Djpeg();
        Skip.If(djpeg is null, "djpeg (libjpeg-turbo) is not installed");
        var files = Directory.GetFiles(SharedData.PathOf("fixtures/images"), "*.jpg")
            .Concat(Directory.GetFiles(SharedData.PathOf("fixtures/dlib-faces"), "*.jpg").Order().Take(4))
            .ToList();
        Skip.If(files.Count == 0, "no JPEGs under fixtures/");
        var output = Path.Combine(Path.GetTempPath(), $"facealign-djpeg-{Environment.ProcessId}.pnm");
        try
        {
            foreach (var file in files)
            {
                using (var process = Process.Start(new ProcessStartInfo(djpeg!, $"-pnm -outfile \"{output}\" \"{file}\"") { UseShellExecute = false })!)
                {
                    process.WaitForExit();
                    Assert.Equal(0, process.ExitCode);
                }
                var ours = JpegDecoder.Decode(File.ReadAllBytes(file), DecoderOptions.Default with { ApplyExifOrientation = false });
                JpegReferenceTests.AssertClose(Image.Decode(File.ReadAllBytes(output)), ours, Path.GetFileName(file));
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
