using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using FaceAlign.Cli.Commands;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Tests.Imaging;
using FaceAlign.Tests.Pipeline;
using FaceAlign.Training.Data;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary>
/// <c>facealign eval-detect</c> in-process with stub detectors: the printed figures and the report for a hand-checked
/// case, the PR plot, and one-line errors for malformed annotations, missing images and missing models.
/// </summary>
public sealed class EvalDetectCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static (int Exit, string Out, string Err) EvalDetect(Func<string, IFaceDetector> load, params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(EvalDetectCommand.Create(load));
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(["eval-detect", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// a.png (two faces and an ignore box) and b.png (one face, 200 px wide so the stub can tell the images apart).
    /// The stub finds both faces of a.png, one detection inside the ignore box, one false alarm in b.png scoring above
    /// b's face: AP = 2/3·1 + 1/3·3/4 = 0.917 (precisions 1, 1, 2/3, 3/4 at recalls 1/3, 2/3, 2/3, 1).
    /// </summary>
    private (string Xml, StubDetector Stub) Dataset()
    {
        File.WriteAllBytes(cli.PathOf("a.png"), PngEncoder.Encode(RandomImages.Smooth(160, 120, PixelFormat.Rgb8, 1)));
        File.WriteAllBytes(cli.PathOf("b.png"), PngEncoder.Encode(RandomImages.Smooth(200, 120, PixelFormat.Gray8, 2)));
        string xml = cli.PathOf("faces.xml");
        File.WriteAllText(xml, """
            <dataset><images>
              <image file='a.png'>
                <box top='10' left='10' width='30' height='30'/>
                <box top='10' left='100' width='50' height='50'/>
                <box top='80' left='10' width='60' height='30' ignore='1'/>
              </image>
              <image file='b.png'><box top='20' left='20' width='90' height='90'/></image>
            </images></dataset>
            """);
        var stub = new StubDetector(image => image.Width == 160
            ? [StubDetector.Face(new Box(11, 10, 30, 30), 0.95f), StubDetector.Face(new Box(100, 12, 50, 50), 0.9f), StubDetector.Face(new Box(20, 85, 20, 20), 0.99f)]
            : [StubDetector.Face(new Box(150, 0, 40, 40), 0.8f), StubDetector.Face(new Box(22, 20, 90, 88), 0.7f)]);
        return (xml, stub);
    }

    [Fact]
    public void Prints_ap_precision_recall_and_recall_by_size_and_writes_report_and_plot()
    {
        var (xml, stub) = Dataset();
        string report = cli.PathOf("out/r.json"), plot = cli.PathOf("out/pr.png");
        var (exit, output, error) = EvalDetect(_ => stub, "--model", "m.safetensors", "--data", xml, "--report", report, "--plot", plot, "--threshold", "0.75");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("(2 images, 3 faces, 1 ignore regions)", output);
        Assert.Contains("AP@0.5            0.917   (max recall 1.000)", output);
        // Score ≥ 0.75: a's two faces and b's false alarm count; b's face (0.7) does not; the ignored one is ignored.
        Assert.Contains("score >= 0.75:  precision 0.667  recall 0.667  (true 2, false 1, ignored 1; 1 images with false positives)", output);
        Assert.Contains("recall < 40 px    1.000  (1/1)", output);
        Assert.Contains("recall 40-80 px   1.000  (1/1)", output);
        Assert.Contains("recall >= 80 px   0.000  (0/1)", output);
        Assert.Equal(2, stub.Seen.Count);
        Assert.All(stub.Seen, image => Assert.Equal(PixelFormat.Rgb8, image.Format)); // grey b.png is handed over as RGB

        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal(11.0 / 12, json.RootElement.GetProperty("ap").GetDouble(), 12);
        Assert.Equal(4, json.RootElement.GetProperty("curve").GetArrayLength());
        Assert.Equal(1, json.RootElement.GetProperty("false_positives_per_image")[1].GetProperty("false_positives").GetInt32());
        var picture = Image.Load(plot);
        Assert.Equal((640, 480), (picture.Width, picture.Height));
    }

    [Fact]
    public void A_folder_of_face_free_images_counts_false_positives()
    {
        string folder = cli.PathOf("negatives");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "cat.png"), PngEncoder.Encode(RandomImages.Smooth(100, 80, PixelFormat.Rgb8, 3)));
        File.WriteAllBytes(Path.Combine(folder, "wall.png"), PngEncoder.Encode(RandomImages.Smooth(60, 80, PixelFormat.Rgb8, 4)));
        var stub = new StubDetector(image => image.Width == 100 ? [StubDetector.Face(new Box(10, 10, 30, 30), 0.9f)] : []);
        var (exit, output, error) = EvalDetect(_ => stub, "--model", "m", "--data", folder);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("(2 images, 0 faces, 0 ignore regions)", output);
        Assert.Contains("AP@0.5            n/a", output);
        Assert.Contains("(true 0, false 1, ignored 0; 1 images with false positives)", output);
    }

    [Fact]
    public void Malformed_annotations_are_one_line_errors_with_file_and_line()
    {
        string xml = cli.PathOf("bad.xml");
        File.WriteAllText(xml, "<dataset><images>\n<image file='a.png'>\n<box left='1' width='2' height='3'/>\n</image></images></dataset>");
        var (exit, _, error) = EvalDetect(_ => throw new InvalidOperationException("not reached"), "--model", "m", "--data", xml);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {xml}: {xml}:3: <box> has no 'top' attribute", error.TrimEnd());

        string txt = cli.PathOf("gt.txt");
        File.WriteAllText(txt, "a.jpg\n1\n1 2 3\n");
        (exit, _, error) = EvalDetect(_ => throw new InvalidOperationException("not reached"), "--model", "m", "--data", txt);
        Assert.Equal(1, exit);
        Assert.StartsWith($"facealign: {txt}: {txt}:3: 3 fields, expected 10", error);
    }

    [Fact]
    public void Missing_images_and_models_are_reported()
    {
        var (xml, stub) = Dataset();
        File.Delete(cli.PathOf("b.png"));
        var (exit, _, error) = EvalDetect(_ => stub, "--model", "m", "--data", xml);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {xml}: {cli.PathOf("b.png")}: no such file", error.TrimEnd());

        // The real loader: a weights file that does not exist.
        string missing = cli.PathOf("none.safetensors");
        (exit, _, error) = EvalDetect(EvalDetectCommand.LoadDetector, "--model", missing, "--data", xml);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {missing}: no such file", error.TrimEnd());
    }

    /// <summary>
    /// On dlib's 43 hand-boxed faces, a detector that returns exactly the convention box of each face's 68 points (from
    /// *_with_face_landmarks.xml) scores AP 1: the convention's boxes all clear IoU 0.5 against the hand-drawn ones, so
    /// the AP target is reachable for a detector trained on it.
    /// </summary>
    [SkippableFact]
    public void A_perfect_convention_detector_reaches_ap_one_on_the_dlib_faces()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        foreach (var name in new[] { "training", "testing" })
        {
            var truths = DetectionGroundTruthFile.Read(SharedData.PathOf($"fixtures/dlib-faces/{name}.xml"));
            var marked = DlibXml.Read(SharedData.PathOf($"fixtures/dlib-faces/{name}_with_face_landmarks.xml"));
            int call = 0;
            var stub = new StubDetector(_ => marked[call++].Boxes
                .Select(b => new DetectedFace(DetectorBoxConvention.FromLandmarks68(b.Parts), 0.9f, new Vector2[5])).ToList());
            var report = EvalDetectCommand.Evaluate(stub, truths, 0.5, 0.5);
            Assert.Equal(1.0, report.Ap, 12);
            Assert.Equal(0, report.FalsePositives);
        }
    }
}
