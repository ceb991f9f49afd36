using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FaceAlign.Imaging;
using FaceAlign.Kernels;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench decode FILE [--iterations N]</c>: decodes FILE from memory once to warm up, then N times on one
/// thread, and prints the median as one JSON line. File reading is outside the timing.
/// </summary>
public static class BenchDecodeCommand
{
    public static Command Create()
    {
        var command = new Command("decode", "Time decoding of one image file (median of N runs after a warm-up).");
        var file = new Argument<string>("file") { Description = "Image to decode" };
        var iterations = new Option<int>("--iterations", "-n") { Description = "Timed runs", DefaultValueFactory = _ => 10 };
        iterations.Validators.Add(result =>
        {
            // Tokens that are not a number at all are reported by the parser itself.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int n) && n < 1)
                result.AddError("--iterations must be at least 1");
        });
        command.Arguments.Add(file);
        command.Options.Add(iterations);
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(file);
            var output = parse.InvocationConfiguration.Output;
            return CliError.Try(path, () => output.WriteLine(Measure(path, parse.GetValue(iterations))), parse.InvocationConfiguration.Error)
                ? 0 : CliError.Failure;
        });
        return command;
    }

    private static string Measure(string path, int iterations)
    {
        var bytes = InputFile.Read(path);
        var format = ImageDecoder.DetectFormat(bytes);
        var times = new double[iterations];
        Image image;
        int threads = ComputeThreads.Count;
        ComputeThreads.Count = 1;
        try
        {
            image = Image.Decode(bytes); // warm-up: JIT, tiered compilation's first tier, caches
            for (int i = 0; i < iterations; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Image.Decode(bytes);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        finally
        {
            ComputeThreads.Count = threads;
        }
        Array.Sort(times);
        double median = iterations % 2 == 1 ? times[iterations / 2] : (times[iterations / 2 - 1] + times[iterations / 2]) / 2;
        double megapixels = (double)image.Width * image.Height / 1e6;

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, InfoCommand.JsonLine))
        {
            writer.WriteStartObject();
            writer.WriteString("op", "decode");
            writer.WriteString("file", path);
            writer.WriteString("format", InfoCommand.FormatName(format));
            writer.WriteNumber("megapixels", Math.Round(megapixels, 6));
            writer.WriteNumber("ms", Math.Round(median, 3));
            writer.WriteNumber("megapixels_per_s", median > 0 ? Math.Round(megapixels / (median / 1000), 2) : 0);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
