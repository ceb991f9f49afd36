using System.Diagnostics;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;
using Xunit.Abstractions;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// Not a test but a timing loop, skipped unless FACEALIGN_JPEG_TIMING names JPEG files (separated by ':'). Prints the
/// median wall and process-CPU time of 15 single-thread decodes (after 5 warm-up ones), for comparison with djpeg's CPU time on a loaded
/// machine: <c>FACEALIGN_JPEG_TIMING=/tmp/big420.jpg dotnet test -c Release tests/FaceAlign.Tests
/// --filter JpegDecodeTiming --logger "console;verbosity=detailed"</c>.
/// </summary>
public class JpegDecodeTiming(ITestOutputHelper output)
{
    [SkippableFact]
    public void Time_decoding()
    {
        var files = Environment.GetEnvironmentVariable("FACEALIGN_JPEG_TIMING");
        Skip.If(string.IsNullOrEmpty(files), "set FACEALIGN_JPEG_TIMING to time decoding");
        var process = Process.GetCurrentProcess();
        foreach (var file in files!.Split(':'))
        {
            var data = File.ReadAllBytes(file);
            var wall = new List<double>();
            var cpu = new List<double>();
            Image? image = null;
            for (int i = 0; i < 5; i++)
                JpegDecoder.Decode(data, DecoderOptions.Default); // let tiered JIT finish before measuring
            for (int i = 0; i < 15; i++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                image = JpegDecoder.Decode(data, DecoderOptions.Default);
                wall.Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
            wall.Sort();
            cpu.Sort();
            double megapixels = image!.Width * (double)image.Height / 1e6;
            output.WriteLine($"{Path.GetFileName(file)} {image.Width}×{image.Height}: wall median {wall[7]:F1} ms (min {wall[0]:F1}), " +
                $"CPU median {cpu[7]:F1} ms = {megapixels / cpu[7] * 1000:F0} MP/s");
        }
    }
}
