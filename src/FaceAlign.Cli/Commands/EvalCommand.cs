using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Models;
using FaceAlign.Training.Evaluation;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign eval --model M --data FILE [--report r.json] [--plot ced.png]</c>: landmark accuracy on annotated faces,
/// each framed by its ground-truth landmark box (the 300-W protocol). Prints a table; the JSON report adds per-face and
/// per-landmark errors and the CED curve.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "PFLD weights (.safetensors)", Required = true };
        var data = new Option<string>("--data") { Description = "Annotations: landmark CSV (ytf68 format) or teacher .jsonl", Required = true };
        var report = new Option<string?>("--report") { Description = "Write the full report as JSON here" };
        var plot = new Option<string?>("--plot") { Description = "Write the CED curve as a PNG here" };
        var threshold = new Option<double>("--threshold") { Description = "Failure threshold and AUC limit (inter-ocular NME)", DefaultValueFactory = _ => 0.1 };
        var command = new Command("eval", "Measure landmark accuracy (NME, failure rate, AUC, CED) on annotated faces.");
        foreach (var o in new Option[] { model, data, report, plot, threshold }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string modelPath = parse.GetValue(model)!, dataPath = parse.GetValue(data)!;
            LandmarkReport? result = null;
            bool ok = CliError.Try(dataPath, () =>
            {
                var landmarker = PfldLandmarker.Load(modelPath);
                var samples = PfldSampleSources.Read([dataPath]);
                if (samples.Count == 0) throw new InvalidDataException("no faces in the file");
                var predicted = new Vector2[samples.Count][];
                Parallel.For(0, samples.Count, i =>
                {
                    Image image;
                    try
                    {
                        image = Image.Load(samples[i].ImagePath);
                    }
                    catch (Exception e) when (CliError.IsReportable(e))
                    {
                        throw new InvalidDataException($"{samples[i].ImagePath}: {CliError.Describe(e)}", e);
                    }
                    predicted[i] = landmarker.Predict(image, Box.FromPoints(samples[i].Landmarks));
                });
                var scheme = FaceAlign.Landmarks.LandmarkScheme.ForPointCount(landmarker.Points);
                result = LandmarkReport.Compute(predicted, samples.Select(s => s.Landmarks).ToList(), scheme, parse.GetValue(threshold));
            });
            if (!ok || result is null) return CliError.Failure;

            Print(result, modelPath, dataPath);
            string? reportPath = parse.GetValue(report), plotPath = parse.GetValue(plot);
            if (reportPath is not null && !CliError.Try(reportPath, () => OutputFile.WriteAllBytes(reportPath, ReportJson(result, modelPath, dataPath))))
                return CliError.Failure;
            if (plotPath is not null && !CliError.Try(plotPath, () =>
                    OutputFile.WriteAllBytes(plotPath, PngEncoder.Encode(CedPlot.Render([(Path.GetFileNameWithoutExtension(modelPath), result)])))))
                return CliError.Failure;
            return 0;
        });
        return command;
    }

    private static void Print(LandmarkReport r, string model, string data)
    {
        string Pct(double v) => (v * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
        Console.WriteLine($"model  {model}");
        Console.WriteLine($"data   {data}  ({r.Faces} faces, ground-truth boxes)");
        Console.WriteLine($"NME inter-ocular   {Pct(r.MeanNmeInterOcular)}  (median {Pct(r.MedianNmeInterOcular)})");
        Console.WriteLine($"NME inter-pupil    {Pct(r.MeanNmeInterPupil)}");
        Console.WriteLine($"NME box            {Pct(r.MeanNmeBox)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failure rate @{r.Threshold:0.###}  {Pct(r.FailureRate)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AUC @{r.Threshold:0.###}           {r.Auc:F4}"));
    }

    private static byte[] ReportJson(LandmarkReport r, string model, string data) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model,
        data,
        faces = r.Faces,
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
    }, new JsonSerializerOptions { WriteIndented = true });
}
