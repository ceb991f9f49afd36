using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FaceAlign.Detection;
using FaceAlign.Kernels;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench model pfld --width W --threads T</c>: one 112×112 face through the folded inference network,
/// median over many runs after a warm-up; prints <c>{"model":"pfld","width":W,"threads":T,"ms_per_face":...}</c>.
/// </summary>
public static class BenchModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inference speed of a model.");
        var width = new Option<float>("--width") { DefaultValueFactory = _ => 0.25f };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs (the median is reported)", DefaultValueFactory = _ => 200 };
        var pfld = new Command("pfld", "PFLD on one 112×112 face crop (random weights; speed does not depend on them).");
        pfld.Options.Add(width);
        pfld.Options.Add(threads);
        pfld.Options.Add(runs);
        pfld.SetAction(parse =>
        {
            float w = parse.GetValue(width);
            int t = parse.GetValue(threads), n = parse.GetValue(runs);
            if (t < 1 || n < 1 || !(w > 0))
            {
                CliError.Report("bench model pfld", "--threads and --runs must be at least 1 and --width positive");
                return CliError.Failure;
            }
            ComputeThreads.Count = t;
            var model = new Pfld(w, 68);
            model.Eval();
            Fusion.Fuse(model);
            var input = Tensor.Uniform(new Random(1), 0, 1, 1, 3, Pfld.InputSize, Pfld.InputSize);
            void Once()
            {
                using var scope = new TensorScope();
                using var _ = NoGrad.Scope();
                model.Forward(input);
            }
            WarmUp(n, Once);
            double ms = MedianMilliseconds(n, Once, warmUp: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"model\":\"pfld\",\"width\":{w},\"threads\":{t},\"ms_per_face\":{ms:F3}}}"));
            return 0;
        });
        command.Subcommands.Add(pfld);
        command.Subcommands.Add(CreateRetinaFace());
        return command;
    }

    /// <summary>
    /// <c>bench model retinaface --size WxH</c>: the whole <see cref="FaceDetector.Detect"/> on one noise image —
    /// padding, folded network, decoding — with random weights and the score threshold at 1, so NMS (whose cost
    /// depends on the faces found, not on the network) sees no candidates. Prints the median wall time and the mean
    /// process CPU time per image.
    /// </summary>
    private static Command CreateRetinaFace()
    {
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs (the median is reported)", DefaultValueFactory = _ => 50 };
        var size = new Option<string>("--size") { Description = "Image size WIDTHxHEIGHT", DefaultValueFactory = _ => "640x480" };
        var model = new Option<string?>("--model") { Description = "Detector weights (default: the embedded default detector)" };
        var command = new Command("retinaface", "RetinaFace-mnet0.25 detection on one image of --size.");
        command.Options.Add(size);
        command.Options.Add(threads);
        command.Options.Add(runs);
        command.Options.Add(model);
        command.SetAction(parse =>
        {
            int t = parse.GetValue(threads), n = parse.GetValue(runs);
            string sizeText = parse.GetValue(size)!;
            var parts = sizeText.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height) || width < 1 || height < 1
                || (long)width * height > 100_000_000)
            {
                CliError.Report("bench model retinaface", $"--size must be WIDTHxHEIGHT in pixels (e.g. 640x480), got '{sizeText}'", parse.InvocationConfiguration.Error);
                return CliError.Failure;
            }
            if (t < 1 || n < 1)
            {
                CliError.Report("bench model retinaface", "--threads and --runs must be at least 1", parse.InvocationConfiguration.Error);
                return CliError.Failure;
            }
            ComputeThreads.Count = t;
            var options = FaceDetectorOptions.Default with { ScoreThreshold = 1f };
            FaceDetector? detector = null;
            string? path = parse.GetValue(model);
            if (!CliError.Try(path ?? "bench model retinaface", () => detector = path is null
                ? DefaultModels.LoadDetector(options)
                : FaceDetector.Load(path, options), parse.InvocationConfiguration.Error))
                return CliError.Failure;
            var image = new FaceAlign.Imaging.Image(width, height, FaceAlign.Imaging.PixelFormat.Rgb8);
            new Random(2).NextBytes(image.Pixels);
            WarmUp(n, () => detector!.Detect(image));
            // Process CPU time per call is the fairer figure on a shared machine (waiting for a core does not count);
            // with several threads it adds up their time.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            double ms = MedianMilliseconds(n, () => detector!.Detect(image), warmUp: false);
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / n;
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"model\":\"retinaface\",\"size\":\"{width}x{height}\",\"threads\":{t},\"ms_per_image\":{ms:F3},\"cpu_ms_per_image\":{cpuMs:F3}}}"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Calls <paramref name="action"/> for at least 2 s and a tenth of <paramref name="runs"/> times (at least 10):
    /// tiered compilation replaces the first, unoptimised code in the background, and on-stack replacement of the
    /// kernels' loops takes longer than ten calls of a small input; timing before then reports the compiler, not the model.
    /// </summary>
    private static void WarmUp(int runs, Action action)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Math.Max(10, runs / 10) || clock.Elapsed.TotalSeconds < 2; i++) action();
    }

    /// <summary>Median wall time of <paramref name="runs"/> calls after a warm-up of a tenth as many (at least 10).</summary>
    internal static double MedianMilliseconds(int runs, Action action, bool warmUp = true)
    {
        for (int i = 0; warmUp && i < Math.Max(10, runs / 10); i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
