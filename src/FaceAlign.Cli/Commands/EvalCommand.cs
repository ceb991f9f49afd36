using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Models;
using FaceAlign.Pipeline;
using FaceAlign.Training.Data;
using FaceAlign.Training.Evaluation;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign eval --model M --data FILE [--boxes truth|detector] [--model-detector D] [--detection-threshold S]
/// [--threads N] [--report r.json] [--plot ced.png]</c>: landmark accuracy on annotated faces. With <c>--boxes truth</c>
/// (the default, the 300-W protocol) each face is framed by its ground-truth landmark box; with <c>--boxes detector</c>
/// the analyzer (detector D, default the embedded one, and the PFLD model M) runs on the whole image as in the product,
/// each annotated face takes the detected face that overlaps it best, faces the detector misses are counted and left
/// out of the metrics. Prints a table; the JSON report adds per-face and per-landmark errors, the CED curve and the
/// missed faces' images.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "PFLD weights (.safetensors)", Required = true };
        var data = new Option<string>("--data") { Description = "Annotations: landmark CSV (ytf68 format) or teacher .jsonl", Required = true };
        var boxes = new Option<string>("--boxes")
        {
            Description = "Face boxes: truth (each face's ground-truth landmark box) or detector (FaceAnalyzer end to end)",
            DefaultValueFactory = _ => "truth",
        };
        var detectorModel = new Option<string?>("--model-detector") { Description = "Detector weights for --boxes detector (default: the embedded model)" };
        var detectionThreshold = new Option<float?>("--detection-threshold")
        {
            Description = $"Minimum detector score for --boxes detector (default {FaceAnalyzerOptions.Default.DetectionThreshold.ToString(CultureInfo.InvariantCulture)})",
        };
        var threads = new Option<int>("--threads", "-j") { Description = "Faces evaluated in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var report = new Option<string?>("--report") { Description = "Write the full report as JSON here" };
        var plot = new Option<string?>("--plot") { Description = "Write the CED curve as a PNG here" };
        var threshold = new Option<double>("--threshold") { Description = "Failure threshold and AUC limit (inter-ocular NME)", DefaultValueFactory = _ => 0.1 };
        var command = new Command("eval", "Measure landmark accuracy (NME, failure rate, AUC, CED) on annotated faces.");
        foreach (var o in new Option[] { model, data, boxes, detectorModel, detectionThreshold, threads, report, plot, threshold }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string modelPath = parse.GetValue(model)!, dataPath = parse.GetValue(data)!, boxSource = parse.GetValue(boxes)!;
            string? detectorPath = parse.GetValue(detectorModel);
            float? minScore = parse.GetValue(detectionThreshold);
            string? refusal = Refusal(boxSource, detectorPath, minScore, parse.GetValue(threads));
            if (refusal is not null)
            {
                CliError.Report("eval", refusal, error);
                return CliError.Failure;
            }

            PfldLandmarker? landmarker = null;
            if (!CliError.Try(modelPath, () => landmarker = PfldLandmarker.Load(modelPath), error)) return CliError.Failure;
            IReadOnlyList<LandmarkSample> samples = [];
            if (!CliError.Try(dataPath, () => samples = PfldSampleSources.Read([dataPath]), error)) return CliError.Failure;
            if (samples.Count == 0)
            {
                CliError.Report(dataPath, "no faces in the file", error);
                return CliError.Failure;
            }

            IFaceDetector? detector = null;
            string detectorName = detectorPath ?? "embedded " + DefaultModels.DetectorFile;
            if (boxSource == "detector" && !CliError.Try(detectorName, () => detector = LoadDetector(detectorPath), error))
                return CliError.Failure;
            using var ownedDetector = detector as IDisposable;
            var options = FaceAnalyzerOptions.Default with { DetectionThreshold = minScore ?? FaceAnalyzerOptions.Default.DetectionThreshold };
            using var analyzer = detector is null ? null : new FaceAnalyzer(detector, landmarker!, options);
            LandmarkFraming framing = analyzer is null ? new TruthBoxFraming(landmarker!) : new DetectorBoxFraming(analyzer);

            Vector2[]?[] predicted = [];
            if (!CliError.Try(dataPath, () => predicted = framing.PredictAll(samples, parse.GetValue(threads), LoadImage), error)) return CliError.Failure;
            var found = Enumerable.Range(0, samples.Count).Where(i => predicted[i] is not null).ToList();
            if (found.Count == 0)
            {
                CliError.Report(dataPath, $"the detector found none of the {samples.Count} faces", error);
                return CliError.Failure;
            }
            var scheme = FaceAlign.Landmarks.LandmarkScheme.ForPointCount(landmarker!.Points);
            LandmarkReport? result = null;
            if (!CliError.Try(dataPath, () => result = LandmarkReport.Compute(found.Select(i => predicted[i]!).ToList(),
                    found.Select(i => samples[i].Landmarks).ToList(), scheme, parse.GetValue(threshold)), error))
                return CliError.Failure;
            var run = new EvalRun(modelPath, dataPath, framing.Boxes, framing.Boxes == "detector" ? detectorName : null, options.DetectionThreshold,
                samples.Count, Enumerable.Range(0, samples.Count).Where(i => predicted[i] is null).Select(i => samples[i].ImagePath).ToList());

            Print(result!, run, output);
            string? reportPath = parse.GetValue(report), plotPath = parse.GetValue(plot);
            if (reportPath is not null && !CliError.Try(reportPath, () => OutputFile.WriteAllBytes(reportPath, ReportJson(result!, run)), error))
                return CliError.Failure;
            if (plotPath is not null && !CliError.Try(plotPath, () =>
                    OutputFile.WriteAllBytes(plotPath, PngEncoder.Encode(CedPlot.Render([(Path.GetFileNameWithoutExtension(modelPath), result!)]))), error))
                return CliError.Failure;
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Why a command line is refused, or null. Checked here rather than by parser validators so the user gets one line
    /// and not the help text.
    /// </summary>
    private static string? Refusal(string boxes, string? detectorPath, float? minScore, int threads)
    {
        if (boxes is not ("truth" or "detector")) return $"--boxes must be truth or detector, got '{boxes}'";
        if (boxes == "truth" && (detectorPath is not null || minScore is not null)) return "--model-detector and --detection-threshold need --boxes detector";
        if (minScore is { } s && !float.IsFinite(s)) return "--detection-threshold must be a finite number";
        return threads < 1 ? "--threads must be at least 1" : null;
    }

    /// <summary>What was measured, beside the numbers: the files, the boxes and the faces the framing missed.</summary>
    private sealed record EvalRun(string Model, string Data, string Boxes, string? Detector, float DetectionThreshold, int FacesTotal,
        IReadOnlyList<string> MissedImages);

    private static IFaceDetector LoadDetector(string? path)
    {
        if (path is not null) return DefaultModels.LoadDetector(path);
        try
        {
            return DefaultModels.LoadDetector();
        }
        catch (MissingModelException e)
        {
            throw new MissingModelException($"{e.Message}; or pass --model-detector FILE.safetensors", e.FileName ?? "");
        }
    }

    /// <summary>Decodes one evaluation image; a failure names the image (the batch stops: every face counts).</summary>
    private static Image LoadImage(string path)
    {
        try
        {
            return Image.Load(path);
        }
        catch (Exception e) when (CliError.IsReportable(e))
        {
            throw new InvalidDataException($"{path}: {CliError.Describe(e)}", e);
        }
    }

    private static void Print(LandmarkReport r, EvalRun run, TextWriter output)
    {
        string Pct(double v) => (v * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
        output.WriteLine($"model  {run.Model}");
        if (run.Detector is not null)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"detector  {run.Detector}  (score >= {run.DetectionThreshold:0.###})"));
        output.WriteLine($"data   {run.Data}  ({run.FacesTotal} faces, {(run.Detector is null ? "ground-truth boxes" : "detector boxes")})");
        if (run.Detector is not null)
            output.WriteLine($"faces found  {r.Faces} / {run.FacesTotal} (detector boxes)");
        output.WriteLine($"NME inter-ocular   {Pct(r.MeanNmeInterOcular)}  (median {Pct(r.MedianNmeInterOcular)})");
        output.WriteLine($"NME inter-pupil    {Pct(r.MeanNmeInterPupil)}");
        output.WriteLine($"NME box            {Pct(r.MeanNmeBox)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failure rate @{r.Threshold:0.###}  {Pct(r.FailureRate)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AUC @{r.Threshold:0.###}           {r.Auc:F4}"));
    }

    private static byte[] ReportJson(LandmarkReport r, EvalRun run) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = run.Model,
        data = run.Data,
        boxes = run.Boxes,
        detector = run.Detector,
        detection_threshold = run.Detector is null ? (float?)null : run.DetectionThreshold,
        faces = r.Faces,
        faces_total = run.FacesTotal,
        faces_missed = run.MissedImages.Count,
        missed_images = run.MissedImages,
        nme_inter_ocular = r.MeanNmeInterOcular,
        nme_inter_ocular_median = r.MedianNmeInterOcular,
        nme_inter_pupil = r.MeanNmeInterPupil,
        nme_box = r.MeanNmeBox,
        threshold = r.Threshold,
        failure_rate = r.FailureRate,
        auc = r.Auc,
        per_landmark_nme = r.PerLandmarkInterOcular,
        ced = r.Ced.Select(p => new[] { p.Error, p.Fraction }),
        face_nme = r.FaceNmesInterOcular,
    }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
}
