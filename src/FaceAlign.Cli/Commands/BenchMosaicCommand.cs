using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FaceAlign.Kernels;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench mosaic [--size S] [--count N] [--data-root DIR]</c>: composes N detector training samples on one
/// thread and prints samples per second as one JSON line, twice: a cold pass (photos decoded on first use) and a warm
/// pass over the same seeds (every photo it needs already in the cache).
/// </summary>
public static class BenchMosaicCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Side of the square samples", DefaultValueFactory = _ => 320 };
        var count = new Option<int>("--count", "-n") { Description = "Samples per pass", DefaultValueFactory = _ => 200 };
        var dataRoot = new Option<string>("--data-root") { Description = "The shared data folder", DefaultValueFactory = _ => Path.Combine("..", "shared", "data") };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--count must be at least 1"); });
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 64 or > 4096) r.AddError("--size must be 64–4096"); });
        var command = new Command("mosaic", "Time detector training sample composition on one thread.");
        foreach (var o in new Option[] { size, count, dataRoot }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string root = parse.GetValue(dataRoot)!;
            var output = parse.InvocationConfiguration.Output;
            return CliError.Try(root, () => output.Write(Measure(root, parse.GetValue(size), parse.GetValue(count))), parse.InvocationConfiguration.Error)
                ? 0 : CliError.Failure;
        });
        return command;
    }

    private static string Measure(string root, int size, int count)
    {
        var composer = MosaicComposer.FromSharedData(root, new MosaicOptions { Size = size });
        var text = new StringBuilder();
        int threads = ComputeThreads.Count;
        ComputeThreads.Count = 1;
        try
        {
            composer.Sample(-1); // JIT warm-up
            foreach (var pass in new[] { "cold", "warm" })
            {
                int faces = 0;
                long start = Stopwatch.GetTimestamp();
                for (int s = 0; s < count; s++)
                    faces += composer.Sample(s).Faces.Count;
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, InfoCommand.JsonLine))
                {
                    writer.WriteStartObject();
                    writer.WriteString("op", "mosaic");
                    writer.WriteString("pass", pass);
                    writer.WriteNumber("size", size);
                    writer.WriteNumber("samples", count);
                    writer.WriteNumber("faces", faces);
                    writer.WriteNumber("samples_per_s", Math.Round(count / seconds, 2));
                    writer.WriteNumber("cache_mb", Math.Round(composer.CachedBytes / 1048576.0, 1));
                    writer.WriteEndObject();
                }
                text.AppendLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }
        finally
        {
            ComputeThreads.Count = threads;
        }
        return text.ToString();
    }
}
