using System.Globalization;
using System.Text.Json;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Pipeline;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary>
/// <c>facealign eval</c> with <c>--boxes detector</c> on the embedded models: found/missed faces in the table and the
/// report, a data set the detector finds nothing in, one-line refusals, and detector-box NME on real validation faces.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static bool Embedded =>
        DefaultModels.IsEmbedded(DefaultModels.DetectorFile) && DefaultModels.IsEmbedded(DefaultModels.LandmarkFile(0.25f));

    private const string NotEmbedded = "the default models are not embedded in this build (models/*.safetensors)";

    /// <summary>The default PFLD as a file (eval takes its landmark model by path); the same weights as the embedded one.</summary>
    private static string LandmarkModel => Path.Combine(SharedData.ProjectRoot, "models", DefaultModels.LandmarkFile(0.25f));

    /// <summary>A uniform grey picture: no face for any detector.</summary>
    private string Blank(string name)
    {
        string path = cli.PathOf(name);
        var image = new Image(200, 200, PixelFormat.Rgb8);
        Array.Fill(image.Pixels, (byte)128);
        File.WriteAllBytes(path, PngEncoder.Encode(image));
        return path;
    }

    /// <summary>
    /// faces.csv: the astronaut portrait annotated with the default analyzer's own 68 points (so detector-box
    /// evaluation must reproduce them: NME ≈ 0, up to the table's 3 decimals), and a blank image annotated with the same
    /// points, which the detector cannot find.
    /// </summary>
    private (string Csv, string Blank) AstronautAndBlank()
    {
        string astronaut = cli.PathOf("astronaut.png");
        File.Copy(Path.Combine(SharedData.ProjectRoot, "samples", "astronaut.png"), astronaut);
        using var analyzer = FaceAnalyzer.CreateDefault();
        var points = Assert.Single(analyzer.Analyze(Image.Load(astronaut))).Landmarks!;
        string blank = Blank("blank.png");
        string csv = cli.PathOf("faces.csv");
        YtfCsv.Write(csv, [new LandmarkSample(astronaut, points), new LandmarkSample(blank, points)]);
        return (csv, blank);
    }

    [SkippableFact]
    public void Detector_boxes_count_found_and_missed_faces_in_the_table_and_the_report()
    {
        Skip.IfNot(Embedded, NotEmbedded);
        var (csv, blank) = AstronautAndBlank();
        string report = cli.PathOf("out/r.json");

        var (exit, output, error) = CliRunner.Run("eval", "--model", LandmarkModel, "--data", csv, "--boxes", "detector", "--threads", "1", "--report", report);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains($"data   {csv}  (2 faces, detector boxes)", output);
        Assert.Contains("faces found  1 / 2 (detector boxes)", output);
        Assert.Contains($"detector  embedded {DefaultModels.DetectorFile}  (score >= {FaceAnalyzerOptions.Default.DetectionThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})", output);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        var root = json.RootElement;
        Assert.Equal("detector", root.GetProperty("boxes").GetString());
        Assert.Equal(2, root.GetProperty("faces_total").GetInt32());
        Assert.Equal(1, root.GetProperty("faces_missed").GetInt32());
        Assert.Equal(1, root.GetProperty("faces").GetInt32());
        Assert.Equal([blank], root.GetProperty("missed_images").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, root.GetProperty("face_nme").GetArrayLength());
        // The matched face is the analyzer's own answer, so only the CSV's rounding to 0.001 px is left.
        Assert.InRange(root.GetProperty("nme_inter_ocular").GetDouble(), 0, 1e-4);
    }

    [SkippableFact]
    public void Truth_boxes_stay_the_default_and_miss_nothing()
    {
        Skip.IfNot(Embedded, NotEmbedded);
        var (csv, _) = AstronautAndBlank();
        string report = cli.PathOf("r.json");

        var (exit, output, error) = CliRunner.Run("eval", "--model", LandmarkModel, "--data", csv, "--threads", "1", "--report", report);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains($"data   {csv}  (2 faces, ground-truth boxes)", output);
        Assert.DoesNotContain("faces found", output);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal("truth", json.RootElement.GetProperty("boxes").GetString());
        Assert.Equal((2, 2, 0), (json.RootElement.GetProperty("faces").GetInt32(), json.RootElement.GetProperty("faces_total").GetInt32(),
            json.RootElement.GetProperty("faces_missed").GetInt32()));
        Assert.False(json.RootElement.TryGetProperty("detector", out _));
    }

    [SkippableFact]
    public void A_data_set_where_the_detector_finds_no_face_is_a_one_line_error()
    {
        Skip.IfNot(Embedded, NotEmbedded);
        var points = Enumerable.Range(0, 68).Select(k => new System.Numerics.Vector2(60 + k, 60 + (k * 7 % 80))).ToArray();
        string csv = cli.PathOf("blank.csv");
        YtfCsv.Write(csv, [new LandmarkSample(Blank("a.png"), points), new LandmarkSample(Blank("b.png"), points)]);

        var (exit, output, error) = CliRunner.Run("eval", "--model", LandmarkModel, "--data", csv, "--boxes", "detector", "--threads", "1");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"facealign: {csv}: the detector found none of the 2 faces", error.TrimEnd());
    }

    [Theory]
    [InlineData("--boxes", "gt", "--boxes must be truth or detector, got 'gt'")]
    [InlineData("--model-detector", "d.safetensors", "--model-detector and --detection-threshold need --boxes detector")]
    [InlineData("--detection-threshold", "0.5", "--model-detector and --detection-threshold need --boxes detector")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void Bad_options_are_refused_with_one_line(string option, string value, string message)
    {
        var (exit, output, error) = CliRunner.Run("eval", "--model", cli.PathOf("m.safetensors"), "--data", cli.PathOf("val.csv"), option, value);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"facealign: eval: {message}", error.TrimEnd());
    }

    [SkippableFact]
    public void A_missing_detector_file_is_a_one_line_error()
    {
        Skip.IfNot(File.Exists(LandmarkModel), $"{LandmarkModel} is not in this checkout");
        string csv = cli.PathOf("faces.csv");
        YtfCsv.Write(csv, [new LandmarkSample(Blank("a.png"), Enumerable.Range(0, 68).Select(k => new System.Numerics.Vector2(k, k)).ToArray())]);
        string missing = cli.PathOf("none.safetensors");

        var (exit, _, error) = CliRunner.Run("eval", "--model", LandmarkModel, "--data", csv, "--boxes", "detector", "--model-detector", missing);

        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {missing}: no such file", error.TrimEnd());
    }

    /// <summary>
    /// The first 40 faces of ytf68/val.csv end to end: the default detector finds nearly all (633 of all 636 at the
    /// default score 0.9) and detector-box NME lands near the model card's 4.3 %, at or above the ground-truth-box
    /// figure (3.9 %) but far from a broken pipeline's tens of percent.
    /// </summary>
    [SkippableFact]
    public void Detector_boxes_on_forty_validation_faces_find_most_and_score_sensibly()
    {
        Skip.IfNot(Embedded, NotEmbedded);
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var faces = YtfCsv.Read(SharedData.PathOf("ytf68/val.csv")).Take(40).ToList();
        string csv = cli.PathOf("val40.csv");
        YtfCsv.Write(csv, faces);
        string report = cli.PathOf("r.json");

        var (exit, output, error) = CliRunner.Run("eval", "--model", LandmarkModel, "--data", csv, "--boxes", "detector", "--report", report);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        int found = json.RootElement.GetProperty("faces").GetInt32();
        double nme = json.RootElement.GetProperty("nme_inter_ocular").GetDouble();
        Assert.Equal(40, json.RootElement.GetProperty("faces_total").GetInt32());
        Assert.Equal(40 - found, json.RootElement.GetProperty("faces_missed").GetInt32());
        Assert.True(found >= 36, $"the detector found only {found} of 40 faces:\n{output}");
        Assert.True(nme is > 0.03 and < 0.08, $"detector-box NME {nme.ToString("P2", CultureInfo.InvariantCulture)} is outside 3–8 %:\n{output}");
    }
}
