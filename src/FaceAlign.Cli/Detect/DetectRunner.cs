// The body of `facealign detect`: expand inputs, load the models once, analyse images in parallel, stream results in
// input order, write --draw / --crops pictures, keep a progress line and finish with a summary. Per-image failures are
// reported as `facealign: PATH: reason` and the batch goes on; the exit code is 1 when anything failed, 130 when cancelled.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Kernels;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Detect;

internal static class DetectRunner
{
    public const int Interrupted = 130; // 128 + SIGINT, what shells expect after Ctrl-C

    /// <summary>The analyzer for a run: the given model files, else the embedded defaults.</summary>
    public static FaceAnalyzer DefaultAnalyzer(DetectSettings settings, FaceAnalyzerOptions options) =>
        FaceAnalyzer.FromFilesOrEmbedded(settings.DetectorModel, settings.LandmarkModel, options);

    public static int Run(DetectSettings settings, Func<DetectSettings, FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer,
        TextWriter output, TextWriter error, CancellationToken cancel)
    {
        var inputs = DetectInputs.Expand(settings.Inputs, settings.OutFolder);
        foreach (var (subject, reason) in inputs.Errors)
            CliError.Report(subject, reason, error);
        var images = inputs.Images;
        if (images.Count == 0)
            return CliError.Failure;

        // Parallel over images first (it scales best); leftover threads go to the kernels within an image.
        int workers = Math.Clamp(settings.Threads, 1, images.Count);
        var options = new FaceAnalyzerOptions
        {
            MinFaceSize = settings.MinFace,
            DetectionThreshold = settings.Threshold,
            Threads = Math.Max(1, settings.Threads / workers),
        };
        foreach (var model in new[] { settings.DetectorModel, settings.LandmarkModel }.OfType<string>().Where(m => !File.Exists(m)))
        {
            CliError.Report(model, Directory.Exists(model) ? "is a directory" : "no such file", error);
            return CliError.Failure;
        }
        int savedThreads = ComputeThreads.Count; // the analyzer sets the process-wide count; restore it for in-process callers
        try
        {
            return RunWithAnalyzer(settings, createAnalyzer, options, images, inputs.Skipped, workers, output, error, cancel);
        }
        finally
        {
            ComputeThreads.Count = savedThreads;
        }
    }

    private static int RunWithAnalyzer(DetectSettings settings, Func<DetectSettings, FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer, FaceAnalyzerOptions options,
        List<DetectInput> images, int skipped, int workers, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        FaceAnalyzer? analyzer = null;
        string models = string.Join(", ", new[] { settings.DetectorModel, settings.LandmarkModel }.OfType<string>().DefaultIfEmpty("models"));
        try
        {
            analyzer = createAnalyzer(settings, options);
        }
        catch (MissingModelException e)
        {
            CliError.Report(models, e.Message + "; or pass --model-detector and --model-landmarks", error);
            return CliError.Failure;
        }
        catch (Exception e) when (CliError.IsReportable(e))
        {
            CliError.Report(models, CliError.Describe(e), error);
            return CliError.Failure;
        }

        using (analyzer)
        {
            TextWriter? file = null;
            try
            {
                if (settings.OutFolder is { } folder)
                {
                    Directory.CreateDirectory(folder);
                    file = new StreamWriter(Path.Combine(folder, "results." + settings.Format.ToString().ToLowerInvariant()), false, new UTF8Encoding(false));
                }
            }
            catch (Exception e) when (CliError.IsReportable(e))
            {
                CliError.Report(settings.OutFolder!, CliError.Describe(e), error);
                return CliError.Failure;
            }
            using (file)
                return Process(settings, analyzer, images, skipped, file ?? output, error, workers, cancel);
        }
    }

    private static int Process(DetectSettings settings, FaceAnalyzer analyzer, List<DetectInput> images, int skipped,
        TextWriter results, TextWriter error, int workers, CancellationToken cancel)
    {
        var sink = new ResultSink(results, settings.Format, analyzer.LandmarkCount);
        sink.Start();
        var progress = images.Count > 1 ? new ProgressLine(error) : null;
        long start = Stopwatch.GetTimestamp();
        int failed = 0, faces = 0;
        int done = OrderedParallel.Run(images.Count, workers, i => Analyze(analyzer, images[i], settings), (i, result) =>
        {
            if (result.Ok)
            {
                sink.Write(result);
                faces += result.Faces.Count;
            }
            else
            {
                progress?.Finish();
                CliError.Report(result.Input.Path, result.Error!, error);
                failed++;
            }
            progress?.Update(Progress(i + 1, images.Count, Stopwatch.GetElapsedTime(start).TotalSeconds));
        }, cancel);
        sink.Finish();
        progress?.Finish();

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var summary = new StringBuilder(done < images.Count ? $"detect: interrupted after {done} of {images.Count} images" : $"detect: {done} images");
        summary.Append(CultureInfo.InvariantCulture, $" in {seconds:0.0} s ({done / Math.Max(seconds, 1e-9):0.0} images/s): {done - failed} ok, {failed} failed, {faces} faces");
        if (skipped > 0) summary.Append(CultureInfo.InvariantCulture, $", {skipped} non-image files skipped");
        error.WriteLine(summary);
        return done < images.Count ? Interrupted : failed > 0 ? CliError.Failure : 0;
    }

    /// <summary>Decode, analyse and write the pictures of one image; any failure becomes the result's error.</summary>
    private static ImageResult Analyze(FaceAnalyzer analyzer, DetectInput input, DetectSettings settings)
    {
        try
        {
            long start = Stopwatch.GetTimestamp();
            var image = Image.Decode(InputFile.Read(input.Path));
            double decodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var faces = analyzer.Analyze(image, out var timings);
            if (settings.OutFolder is { } folder)
            {
                if (settings.Draw)
                    OutputFile.WriteAllBytes(Path.Combine(folder, "annotated", input.Name + ".png"), PngEncoder.Encode(FaceDrawing.Annotate(image, faces)));
                if (settings.Crops)
                {
                    for (int i = 0; i < faces.Count; i++)
                    {
                        if (faces[i].AlignmentPoints.Length == 5)
                            OutputFile.WriteAllBytes(Path.Combine(folder, "crops", $"{input.Name}_{i}.png"), PngEncoder.Encode(faces[i].AlignedCrop(image)));
                    }
                }
            }
            return new ImageResult(input, image.Width, image.Height, faces, decodeMs, timings.DetectMs, timings.LandmarksMs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A batch must survive any one file, including a decoder bug; bugs are labelled as such.
            return ImageResult.Failed(input, CliError.IsReportable(e) ? CliError.Describe(e) : $"internal error ({e.GetType().Name}): {e.Message}");
        }
    }

    private static string Progress(int done, int total, double seconds)
    {
        double rate = done / Math.Max(seconds, 1e-9);
        var eta = TimeSpan.FromSeconds(Math.Round((total - done) / Math.Max(rate, 1e-9)));
        return string.Create(CultureInfo.InvariantCulture, $"detect: {done}/{total} images, {rate:0.0} images/s, ETA {eta:g}");
    }
}
