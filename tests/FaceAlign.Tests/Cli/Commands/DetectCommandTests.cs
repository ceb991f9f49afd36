using System.CommandLine;
using System.Text.Json;
using FaceAlign.Cli.Commands;
using FaceAlign.Cli.Detect;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Pipeline;
using FaceAlign.Tests.Imaging;
using FaceAlign.Tests.Pipeline;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary>detect sets the process-wide ComputeThreads while it runs; tests that depend on it must not overlap.</summary>
[CollectionDefinition(nameof(DetectCommandTests), DisableParallelization = true)]
public sealed class DetectCommandCollection;

/// <summary>
/// <c>facealign detect</c> driven in-process with a stub detector (one face in the middle of each image) and a random
/// PFLD: folder walking and the skip rule, per-file failures, the three formats, --out pictures, ordering under
/// parallelism, interruption, and the errors for empty folders and missing models.
/// </summary>
[Collection(nameof(DetectCommandTests))]
public sealed class DetectCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static FaceAnalyzer StubAnalyzer(DetectSettings settings, FaceAnalyzerOptions options) =>
        new(StubDetector.Centred(), StubDetector.RandomLandmarker(), options);

    private static (int Exit, string Out, string Err) Detect(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(DetectCommand.Create(StubAnalyzer));
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(["detect", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static byte[] Png(int width, int height, int seed) => PngEncoder.Encode(RandomImages.Smooth(width, height, PixelFormat.Rgb8, seed));

    /// <summary>
    /// photos/: a.png, b.png, broken.jpg (a JPEG cut after its signature), disguised.dat (a PNG under another name),
    /// notes.txt (skipped), sub/c.png. Returns the folder and the images expected in the results, in order.
    /// </summary>
    private (string Folder, string[] Images) Photos()
    {
        string folder = Path.Combine(cli.Folder, "photos");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllBytes(Path.Combine(folder, "a.png"), Png(64, 48, 1));
        File.WriteAllBytes(Path.Combine(folder, "b.png"), Png(50, 70, 2));
        File.WriteAllBytes(Path.Combine(folder, "broken.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0x00]);
        File.WriteAllBytes(Path.Combine(folder, "disguised.dat"), Png(40, 40, 3));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
        File.WriteAllBytes(Path.Combine(folder, "sub", "c.png"), Png(80, 60, 4));
        return (folder, [Path.Combine(folder, "a.png"), Path.Combine(folder, "b.png"), Path.Combine(folder, "disguised.dat"), Path.Combine(folder, "sub", "c.png")]);
    }

    [Fact]
    public void A_corrupt_file_is_reported_and_the_batch_continues()
    {
        var (folder, images) = Photos();

        var (exit, output, error) = Detect(folder, "--threads", "1");

        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(images, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("image").GetString()));
        Assert.Contains($"facealign: {Path.Combine(folder, "broken.jpg")}: ", error);
        Assert.DoesNotContain("notes.txt", error);
        Assert.Contains("4 ok, 1 failed, 4 faces, 1 non-image files skipped", error);
    }

    [Fact]
    public void Jsonl_records_hold_faces_landmarks_pose_quality_and_timings()
    {
        var (folder, _) = Photos();
        var (_, output, _) = Detect(folder);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var root = JsonDocument.Parse(line).RootElement;
            var image = Image.Load(root.GetProperty("image").GetString()!);
            Assert.Equal(image.Width, root.GetProperty("width").GetInt32());
            Assert.Equal(image.Height, root.GetProperty("height").GetInt32());
            var face = Assert.Single(root.GetProperty("faces").EnumerateArray());
            Assert.Equal(image.Width / 3f, face.GetProperty("box")[2].GetSingle(), 0.01f);
            Assert.Equal(0.95, face.GetProperty("score").GetDouble(), 4);
            Assert.Equal(5, face.GetProperty("landmarks5").GetArrayLength());
            Assert.Equal(68, face.GetProperty("landmarks").GetArrayLength());
            Assert.Equal(2, face.GetProperty("landmarks")[67].GetArrayLength());
            Assert.True(face.GetProperty("pose").ValueKind is JsonValueKind.Object or JsonValueKind.Null);
            Assert.True(face.GetProperty("quality").GetProperty("sharpness").GetDouble() >= 0);
            foreach (var stage in new[] { "decode", "detect", "landmarks" })
                Assert.True(root.GetProperty("timings_ms").GetProperty(stage).GetDouble() >= 0);
        }
    }

    [Fact]
    public void Parallel_workers_keep_the_input_order_and_the_results()
    {
        string folder = Path.Combine(cli.Folder, "many");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 12; i++)
            File.WriteAllBytes(Path.Combine(folder, $"img{i:D2}.png"), Png(40 + 7 * (i % 5), 50 + 3 * i, i));

        var one = Detect(folder, "--threads", "1", "--format", "csv");
        var three = Detect(folder, "--threads", "3", "--format", "csv");

        Assert.Equal((0, 0), (one.Exit, three.Exit));
        Assert.Equal(13, one.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(one.Out, three.Out); // CSV has no timings: identical text
    }

    [Fact]
    public void Json_is_one_array_of_the_jsonl_records()
    {
        var (folder, images) = Photos();
        var (_, output, _) = Detect(folder, "--format", "json");
        var array = JsonDocument.Parse(output).RootElement;
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(images, array.EnumerateArray().Select(e => e.GetProperty("image").GetString()));
    }

    [Fact]
    public void Csv_has_one_row_per_face_and_quotes_awkward_paths()
    {
        string folder = Path.Combine(cli.Folder, "csv");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "plain.png"), Png(60, 50, 5));
        File.WriteAllBytes(Path.Combine(folder, "with, \"comma\".png"), Png(60, 50, 6));

        var (exit, output, _) = Detect(folder, "--format", "csv");

        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseCsvLine).ToList();
        Assert.Equal(17 + 2 * 5 + 2 * 68, rows[0].Count);
        Assert.Equal(["image", "width", "height", "face", "score"], rows[0].Take(5));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        Assert.Equal(Path.Combine(folder, "plain.png"), rows[1][0]);
        Assert.Equal(Path.Combine(folder, "with, \"comma\".png"), rows[2][0]);
        Assert.Equal("60", rows[1][1]);
        Assert.Equal("0", rows[1][3]);
    }

    [Fact]
    public void Out_folder_gets_results_annotated_images_and_aligned_crops()
    {
        var (folder, _) = Photos();
        string outFolder = Path.Combine(cli.Folder, "out");

        var (exit, output, _) = Detect(folder, "--out", outFolder, "--draw", "--crops");

        Assert.Equal(1, exit); // broken.jpg
        Assert.Equal("", output);
        var lines = File.ReadAllLines(Path.Combine(outFolder, "results.jsonl"));
        Assert.Equal(4, lines.Length);
        var annotated = Image.Load(Path.Combine(outFolder, "annotated", "sub", "c.png"));
        Assert.Equal((80, 60), (annotated.Width, annotated.Height));
        Assert.NotEqual(RandomImages.Smooth(80, 60, PixelFormat.Rgb8, 4).Pixels, annotated.Pixels); // something was drawn
        var crop = Image.Load(Path.Combine(outFolder, "crops", "a_0.png"));
        Assert.Equal((112, 112), (crop.Width, crop.Height));
        Assert.True(File.Exists(Path.Combine(outFolder, "crops", "disguised_0.png")));
        Assert.False(File.Exists(Path.Combine(outFolder, "annotated", "broken.png")));
    }

    [Fact]
    public void The_out_folder_inside_the_input_folder_is_not_read_back()
    {
        var (folder, images) = Photos();
        string outFolder = Path.Combine(folder, "out");
        Detect(folder, "--out", outFolder, "--draw");
        var (_, output, _) = Detect(folder, "--draw", "--out", outFolder, "--format", "json");
        Assert.Equal(images, JsonDocument.Parse(File.ReadAllText(Path.Combine(outFolder, "results.json"))).RootElement
            .EnumerateArray().Select(e => e.GetProperty("image").GetString()));
        Assert.Equal("", output);
    }

    [Fact]
    public void Empty_folders_and_missing_inputs_are_clear_errors()
    {
        string empty = Path.Combine(cli.Folder, "empty"), notes = Path.Combine(cli.Folder, "notes");
        Directory.CreateDirectory(empty);
        Directory.CreateDirectory(notes);
        File.WriteAllText(Path.Combine(notes, "readme.txt"), "text");
        string missing = Path.Combine(cli.Folder, "missing.jpg");

        var (exit, output, error) = Detect(empty, notes, missing);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"facealign: {empty}: folder has no files", error);
        Assert.Contains($"facealign: {notes}: no images in folder (1 other files skipped)", error);
        Assert.Contains($"facealign: {missing}: no such file or directory", error);
    }

    [Fact]
    public void Draw_without_out_is_a_usage_error()
    {
        var (folder, _) = Photos();
        var (exit, _, error) = Detect(folder, "--draw");
        Assert.NotEqual(0, exit);
        Assert.Contains("--draw and --crops need --out DIR", error);
    }

    [Fact]
    public void Interruption_keeps_the_finished_images_and_exits_130()
    {
        var (folder, images) = Photos();
        using var cancel = new CancellationTokenSource();
        int calls = 0;
        var detector = new StubDetector(image =>
        {
            if (Interlocked.Increment(ref calls) == 2) cancel.Cancel(); // Ctrl-C while the second image is analysed
            return [StubDetector.Face(new FaceAlign.Geometry.Box(5, 5, 30, 30))];
        });
        var settings = new DetectSettings([folder], null, DetectFormat.Json, false, false, 0, 0.5f, 1, null, null);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = DetectRunner.Run(settings, (_, o) => new FaceAnalyzer(detector, StubDetector.RandomLandmarker(), o), output, error, cancel.Token);

        Assert.Equal(DetectRunner.Interrupted, exit);
        var done = JsonDocument.Parse(output.ToString()).RootElement; // the array is closed
        Assert.Equal(images.Take(2), done.EnumerateArray().Select(e => e.GetProperty("image").GetString()));
        Assert.Contains("interrupted after 2 of 5 images", error.ToString());
    }

    [SkippableFact]
    public void Without_embedded_models_the_real_command_names_what_is_missing()
    {
        Skip.If(DefaultModels.IsEmbedded(DefaultModels.DetectorFile) && DefaultModels.IsEmbedded(DefaultModels.LandmarkFile(0.25f)),
            "the default models are embedded in this build");
        var (folder, _) = Photos();
        var (exit, output, error) = CliRunner.Run("detect", folder);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("facealign: models: this FaceAlign build has no embedded models/", error);
        Assert.Contains("--model-detector", error);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var (folder, _) = Photos();
        string model = Path.Combine(cli.Folder, "nope.safetensors");
        var (exit, _, error) = CliRunner.Run("detect", folder, "--model-detector", model);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {model}: no such file", error.Trim());
    }

    /// <summary>RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes).</summary>
    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
