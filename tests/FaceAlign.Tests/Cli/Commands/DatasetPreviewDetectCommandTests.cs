using FaceAlign.Imaging;
using FaceAlign.Tests.Training.DetectionData;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary><c>facealign dataset preview-detect</c> and <c>bench mosaic</c> on a miniature shared-data folder.</summary>
public sealed class DatasetPreviewDetectCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Writes_one_png_per_seed_with_a_summary()
    {
        string root = MosaicTestData.WriteSharedData(cli.PathOf("data"));
        string outFolder = cli.PathOf("previews");
        var (exit, output, error) = CliRunner.Run("dataset", "preview-detect", "--out", outFolder, "--count", "3", "--seed", "10", "--size", "128", "--data-root", root);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.StartsWith($"wrote 3 samples to {outFolder}: ", output);
        Assert.Contains("(2 face photos, 1 backgrounds)", output);
        Assert.Equal(["detect-10.png", "detect-11.png", "detect-12.png"], Directory.GetFiles(outFolder).Select(Path.GetFileName).Order());
        Assert.Equal(128, Image.Load(Path.Combine(outFolder, "detect-11.png")).Width);

        // --plain writes exactly the sample the trainer gets; the drawn preview differs from it.
        string plainFolder = cli.PathOf("plain");
        Assert.Equal(0, CliRunner.Run("dataset", "preview-detect", "--out", plainFolder, "--count", "1", "--seed", "10", "--size", "128", "--data-root", root, "--plain").Exit);
        var composer = FaceAlign.Training.DetectionData.MosaicComposer.FromSharedData(root, new() { Size = 128 });
        Assert.Equal(composer.Sample(10).Image.Pixels, Image.Load(Path.Combine(plainFolder, "detect-10.png")).Pixels);
        Assert.NotEqual(composer.Sample(10).Image.Pixels, Image.Load(Path.Combine(outFolder, "detect-10.png")).Pixels);
    }

    [Fact]
    public void A_missing_data_folder_is_a_one_line_error()
    {
        string root = cli.PathOf("nowhere");
        var (exit, _, error) = CliRunner.Run("dataset", "preview-detect", "--out", cli.PathOf("o"), "--data-root", root);
        Assert.Equal(1, exit);
        Assert.Equal($"facealign: {Path.Combine(root, "ytf68/train.csv")}: no such file or directory (set --data-root to the shared data folder)", error.TrimEnd());
    }

    [Fact]
    public void A_malformed_annotation_file_names_its_line()
    {
        string root = MosaicTestData.WriteSharedData(cli.PathOf("data"));
        string jsonl = Path.Combine(root, "faces-unlabelled", "teacher-dlib68.jsonl");
        File.AppendAllText(jsonl, "{not json\n");
        var (exit, _, error) = CliRunner.Run("dataset", "preview-detect", "--out", cli.PathOf("o"), "--data-root", root);
        Assert.Equal(1, exit);
        Assert.StartsWith($"facealign: {root}: {jsonl}:3: invalid JSON", error);
    }

    [Fact]
    public void Bench_mosaic_prints_cold_and_warm_rates()
    {
        string root = MosaicTestData.WriteSharedData(cli.PathOf("data"));
        var (exit, output, error) = CliRunner.Run("bench", "mosaic", "--size", "96", "--count", "3", "--data-root", root);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("""{"op":"mosaic","pass":"cold","size":96,"samples":3,""", lines[0]);
        Assert.StartsWith("""{"op":"mosaic","pass":"warm","size":96,"samples":3,""", lines[1]);
    }
}
