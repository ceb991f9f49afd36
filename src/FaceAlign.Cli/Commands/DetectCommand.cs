using System.CommandLine;
using FaceAlign.Cli.Detect;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign detect INPUT... [--out DIR] [--format jsonl|json|csv] [--draw] [--crops] [--min-face PX] [--threshold S]
/// [--threads N] [--model-landmarks M] [--model-detector M]</c>: faces, landmarks, pose and quality for every image.
/// <para>
/// INPUTs are image files or folders (searched recursively, sorted by path). Formats are recognised from the bytes,
/// never the name. In folders, a file with an image extension (.jpg .jpeg .jpe .jfif .png .bmp .dib .ppm .pgm .pnm) that
/// fails to decode is reported; a file with any other extension is analysed only if its bytes are an image and is
/// otherwise skipped silently (counted in the summary). Hidden files and the --out folder are not read. A folder with no
/// images is an error.
/// </para>
/// <para>
/// Results go to stdout, or with --out to DIR/results.{jsonl,json,csv}, one image at a time in input order and flushed
/// per image (JSON Lines: one object per image; json: one array of them; csv: one row per face). --draw writes
/// DIR/annotated/NAME.png, --crops DIR/crops/NAME_I.png (112×112 ArcFace-aligned), NAME being the image's path in its
/// folder without extension. Images run in parallel on --threads workers (default: all cores). A file that fails is
/// reported as <c>facealign: PATH: reason</c> and the batch continues; a summary ends the run on stderr. Exit 0 when all
/// succeeded, 1 when anything failed, 130 after Ctrl-C (results finished so far are kept).
/// </para>
/// </summary>
public static class DetectCommand
{
    public static Command Create() => Create(DetectRunner.DefaultAnalyzer);

    /// <summary>The command with its analyzer made by <paramref name="createAnalyzer"/> (tests plug in a stub detector).</summary>
    internal static Command Create(Func<DetectSettings, FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        var inputs = new Argument<string[]>("input") { Arity = ArgumentArity.OneOrMore, Description = "Image files or folders (recursive)" };
        var outFolder = new Option<string?>("--out", "-o") { Description = "Folder for results.<format>, annotated/ and crops/" };
        var format = new Option<string>("--format", "-f") { Description = "Result format", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "json", "csv");
        var draw = new Option<bool>("--draw") { Description = "Write annotated PNGs to --out/annotated" };
        var crops = new Option<bool>("--crops") { Description = "Write 112×112 aligned face crops to --out/crops" };
        var minFace = new Option<float>("--min-face") { Description = "Ignore faces whose box is narrower than this many pixels", DefaultValueFactory = _ => 0 };
        var threshold = new Option<float>("--threshold") { Description = "Minimum detector score", DefaultValueFactory = _ => FaceAnalyzerOptions.Default.DetectionThreshold };
        var threads = new Option<int>("--threads", "-j") { Description = "Threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var landmarkModel = new Option<string?>("--model-landmarks") { Description = "PFLD weights file (default: the embedded model)" };
        var detectorModel = new Option<string?>("--model-detector") { Description = "Detector weights file (default: the embedded model)" };
        minFace.Validators.Add(r => { if (r.GetValueOrDefault<float>() is var v && !(v >= 0 && float.IsFinite(v))) r.AddError("--min-face must be a number ≥ 0"); });
        threads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--threads must be at least 1"); });

        var command = new Command("detect", "Find faces, place landmarks and estimate head pose in images or folders.");
        command.Arguments.Add(inputs);
        foreach (var option in new Option[] { outFolder, format, draw, crops, minFace, threshold, threads, landmarkModel, detectorModel })
            command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(draw) || r.GetValue(crops)) && r.GetValue(outFolder) is null)
                r.AddError("--draw and --crops need --out DIR");
        });
        command.SetAction(parse =>
        {
            var settings = new DetectSettings(
                parse.GetRequiredValue(inputs),
                parse.GetValue(outFolder),
                Enum.Parse<DetectFormat>(parse.GetRequiredValue(format), ignoreCase: true),
                parse.GetValue(draw),
                parse.GetValue(crops),
                parse.GetValue(minFace),
                parse.GetValue(threshold),
                parse.GetValue(threads),
                parse.GetValue(landmarkModel),
                parse.GetValue(detectorModel));
            using var interrupt = new InterruptSignal();
            return DetectRunner.Run(settings, createAnalyzer, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, interrupt.Token);
        });
        return command;
    }
}
