using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Pipeline;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign eval-detect --model M --data XML_OR_TXT [--images-root DIR] [--threshold S] [--iou T] [--report r.json]
/// [--plot pr.png]</c>: detector accuracy on boxed faces — a dlib imglab XML file (ignore boxes honoured) or a WIDER FACE
/// ground-truth text file (invalid faces ignored), or a folder of face-free pictures (every detection a false positive).
/// Prints AP at the IoU threshold (VOC all-point), precision and recall
/// at the score threshold and recall by face size; the JSON report adds the precision–recall curve and the false
/// positives of every image. Images are read from --images-root, by default the annotation file's folder.
/// </summary>
public static class EvalDetectCommand
{
    public static Command Create() => Create(LoadDetector);

    /// <summary>
    /// The one place this command turns a weights file into a detector. Integration seam: goes through
    /// <see cref="DefaultModels.LoadDetector(string)"/>, which becomes the RetinaFace loader when that model is merged.
    /// </summary>
    internal static IFaceDetector LoadDetector(string path) => DefaultModels.LoadDetector(path);

    /// <summary>The command with detectors made by <paramref name="loadDetector"/> (tests plug in a stub).</summary>
    internal static Command Create(Func<string, IFaceDetector> loadDetector)
    {
        var model = new Option<string>("--model") { Description = "Detector weights (.safetensors)", Required = true };
        var data = new Option<string>("--data") { Description = "Face boxes: dlib imglab .xml, WIDER FACE ground-truth .txt, or a folder of face-free images", Required = true };
        var imagesRoot = new Option<string?>("--images-root") { Description = "Folder the annotation's image paths are relative to (default: the annotation file's folder)" };
        var report = new Option<string?>("--report") { Description = "Write the full report as JSON here" };
        var plot = new Option<string?>("--plot") { Description = "Write the precision-recall curve as a PNG here" };
        var threshold = new Option<double>("--threshold") { Description = "Score threshold for precision, recall and recall by size", DefaultValueFactory = _ => 0.5 };
        var iou = new Option<double>("--iou") { Description = "IoU a detection needs to match a face", DefaultValueFactory = _ => 0.5 };
        iou.Validators.Add(r => { if (r.GetValueOrDefault<double>() is var v && !(v > 0 && v <= 1)) r.AddError("--iou must be in (0, 1]"); });
        var command = new Command("eval-detect", "Measure face detection accuracy (AP, precision/recall, recall by size) on boxed faces.");
        foreach (var o in new Option[] { model, data, imagesRoot, report, plot, threshold, iou }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            string modelPath = parse.GetValue(model)!, dataPath = parse.GetValue(data)!;
            IReadOnlyList<DetectionGroundTruth> truths = [];
            if (!CliError.Try(dataPath, () => truths = DetectionGroundTruthFile.Read(dataPath, parse.GetValue(imagesRoot)), stderr))
                return CliError.Failure;
            if (truths.Count == 0)
            {
                CliError.Report(dataPath, "no images in the file", stderr);
                return CliError.Failure;
            }
            IFaceDetector? detector = null;
            if (!CliError.Try(modelPath, () => detector = loadDetector(modelPath), stderr))
                return CliError.Failure;
            DetectionReport? result = null;
            try
            {
                if (!CliError.Try(dataPath, () => result = Evaluate(detector!, truths, parse.GetValue(threshold), parse.GetValue(iou)), stderr))
                    return CliError.Failure;
            }
            finally
            {
                (detector as IDisposable)?.Dispose();
            }

            Print(result!, modelPath, dataPath, stdout);
            string? reportPath = parse.GetValue(report), plotPath = parse.GetValue(plot);
            if (reportPath is not null && !CliError.Try(reportPath, () => OutputFile.WriteAllBytes(reportPath, ReportJson(result!, modelPath, dataPath, truths)), stderr))
                return CliError.Failure;
            if (plotPath is not null && !CliError.Try(plotPath, () =>
                    OutputFile.WriteAllBytes(plotPath, PngEncoder.Encode(PrecisionRecallPlot.Render([(Path.GetFileNameWithoutExtension(modelPath), result!)]))), stderr))
                return CliError.Failure;
            return 0;
        });
        return command;
    }

    /// <summary>Annotation tools (imglab, WIDER's) box the pixels as stored, so EXIF orientation is not applied.</summary>
    private static readonly DecoderOptions AsStored = new() { ApplyExifOrientation = false };

    /// <summary>Runs the detector on every image (one at a time; the detector's kernels use the cores) and scores it.</summary>
    internal static DetectionReport Evaluate(IFaceDetector detector, IReadOnlyList<DetectionGroundTruth> truths, double threshold, double iou)
    {
        var detections = new IReadOnlyList<DetectedFace>[truths.Count];
        for (int i = 0; i < truths.Count; i++)
        {
            Image image;
            try
            {
                image = Image.Load(truths[i].ImagePath, AsStored).ToRgb();
            }
            catch (Exception e) when (CliError.IsReportable(e))
            {
                throw new InvalidDataException($"{truths[i].ImagePath}: {CliError.Describe(e)}", e);
            }
            detections[i] = detector.Detect(image);
        }
        return AveragePrecision.Evaluate(truths, detections, threshold, iou);
    }

    private static string Number(double v, string format = "F3") =>
        double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    private static void Print(DetectionReport r, string model, string data, TextWriter output)
    {
        output.WriteLine($"model  {model}");
        output.WriteLine($"data   {data}  ({r.Images} images, {r.Faces} faces, {r.IgnoreRegions} ignore regions)");
        output.WriteLine($"AP@{Number(r.IoUThreshold, "0.##")}            {Number(r.Ap)}   (max recall {Number(r.MaxRecall)})");
        output.WriteLine($"score >= {Number(r.ScoreThreshold, "0.###")}:  precision {Number(r.Precision)}  recall {Number(r.Recall)}  " +
            $"(true {r.TruePositives}, false {r.FalsePositives}, ignored {r.IgnoredDetections}; " +
            $"{r.FalsePositivesPerImage.Count(n => n > 0)} images with false positives)");
        foreach (var bucket in r.RecallBySize)
            output.WriteLine($"recall {bucket.Label,-10} {Number(bucket.Recall)}  ({bucket.Found}/{bucket.Faces})");
    }

    private static byte[] ReportJson(DetectionReport r, string model, string data, IReadOnlyList<DetectionGroundTruth> truths)
    {
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            model,
            data,
            images = r.Images,
            faces = r.Faces,
            ignore_regions = r.IgnoreRegions,
            iou_threshold = r.IoUThreshold,
            ap = Finite(r.Ap),
            max_recall = Finite(r.MaxRecall),
            score_threshold = r.ScoreThreshold,
            precision = Finite(r.Precision),
            recall = Finite(r.Recall),
            true_positives = r.TruePositives,
            false_positives = r.FalsePositives,
            ignored_detections = r.IgnoredDetections,
            recall_by_size = r.RecallBySize.Select(b => new { label = b.Label, min = b.MinSize, max = Finite(b.MaxSize), faces = b.Faces, found = b.Found, recall = Finite(b.Recall) }),
            false_positives_per_image = truths.Select((t, i) => new { image = t.ImagePath, false_positives = r.FalsePositivesPerImage[i] }),
            curve = r.Curve.Select(p => new[] { p.Score, Finite(p.Recall) ?? 0, p.Precision }),
        }, new JsonSerializerOptions { WriteIndented = true });
    }
}
