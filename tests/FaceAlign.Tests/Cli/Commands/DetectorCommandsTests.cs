using System.Text.Json;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Kernels;
using FaceAlign.Tests.Training.DetectorTraining;

namespace FaceAlign.Tests.Cli.Commands;

/// <summary><c>facealign faces</c>, <c>bench model retinaface</c> and <c>train retinaface</c>.</summary>
[Collection(TrainedSyntheticDetectorCollection.Name)]
public sealed class DetectorCommandsTests(TrainedSyntheticDetector trained) : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Faces_prints_one_json_line_per_image_and_draws()
    {
        var sample = TrainedSyntheticDetector.Source.Sample(77);
        string a = cli.PathOf("a.png", PngEncoder.Encode(sample.Image));
        string broken = cli.PathOf("broken.png", [1, 2, 3]);
        string drawn = cli.PathOf("drawn");
        var (exit, stdout, stderr) = CliRunner.Run("faces", a, broken, "--model", trained.Weights, "--draw", drawn, "--threads", "1");
        Assert.Equal(1, exit);  // the broken file fails, the other is still done
        Assert.Contains("broken.png", stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(a, json.RootElement.GetProperty("image").GetString());
        var faces = json.RootElement.GetProperty("faces").EnumerateArray().ToList();
        Assert.NotEmpty(faces);
        foreach (var face in faces)
        {
            Assert.Equal(4, face.GetProperty("box").GetArrayLength());
            Assert.InRange(face.GetProperty("score").GetDouble(), 0.5, 1);
            Assert.Equal(5, face.GetProperty("landmarks5").GetArrayLength());
            Assert.All(face.GetProperty("landmarks5").EnumerateArray(), p => Assert.Equal(2, p.GetArrayLength()));
        }
        var picture = Image.Load(Path.Combine(drawn, "a.png"));
        Assert.Equal(sample.Image.Width, picture.Width);
    }

    [Fact]
    public void Faces_draws_to_a_file_for_one_image_and_reports_a_bad_model()
    {
        string a = cli.PathOf("a.png", PngEncoder.Encode(TrainedSyntheticDetector.Source.Sample(78).Image));
        string output = cli.PathOf("out.jpg");
        Assert.Equal(0, CliRunner.Run("faces", a, "--model", trained.Weights, "--draw", output).Exit);
        Assert.True(Image.Load(output).Width > 0);
        var (exit, _, stderr) = CliRunner.Run("faces", a, "--model", a);
        Assert.Equal(1, exit);
        Assert.Contains("facealign: ", stderr);
    }

    [SkippableFact]
    public void Faces_without_model_explains_that_none_is_embedded()
    {
        Skip.If(FaceAlign.Pipeline.DefaultModels.IsEmbedded(FaceAlign.Pipeline.DefaultModels.DetectorFile), "this build embeds a detector");
        string a = cli.PathOf("a.png", PngEncoder.Encode(TrainedSyntheticDetector.Source.Sample(79).Image));
        var (exit, _, stderr) = CliRunner.Run("faces", a);
        Assert.Equal(1, exit);
        Assert.Contains("--model", stderr);
    }

    [Fact]
    public void Bench_model_retinaface_prints_milliseconds_per_image()
    {
        int saved = ComputeThreads.Count;
        try
        {
            var (exit, stdout, _) = CliRunner.Run("bench", "model", "retinaface", "--size", "96x64", "--threads", "1", "--runs", "2");
            Assert.Equal(0, exit);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal("96x64", json.RootElement.GetProperty("size").GetString());
            Assert.True(json.RootElement.GetProperty("ms_per_image").GetDouble() > 0);
            var (bad, _, stderr) = CliRunner.Run("bench", "model", "retinaface", "--size", "640by480");
            Assert.Equal(1, bad);
            Assert.Contains("WIDTHxHEIGHT", stderr);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Fact]
    public void Train_retinaface_runs_on_synthetic_data_and_names_a_missing_shared_data_folder()
    {
        int saved = ComputeThreads.Count;
        try
        {
            string run = cli.PathOf("run");
            var (exit, _, _) = CliRunner.Run("train", "retinaface", "--data", "synthetic", "--out", run, "--size", "64", "--epochs", "1",
                "--images-per-epoch", "8", "--batch", "4", "--val-images", "2", "--threads", "1", "--workers", "1");
            Assert.Equal(0, exit);
            Assert.True(File.Exists(Path.Combine(run, "final.safetensors")));
            string missing = cli.PathOf("no-such-data");
            var (shared, _, stderr) = CliRunner.Run("train", "retinaface", "--data", "shared", "--data-root", missing, "--out", cli.PathOf("run2"));
            Assert.Equal(1, shared);
            Assert.Contains("no-such-data", stderr);
            Assert.StartsWith("facealign: ", stderr.TrimStart());
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Theory]
    [InlineData("--neck", "30", "facealign: train retinaface: pyramid width must be a positive multiple of 4, got 30")]
    [InlineData("--sparse", "1.5", "facealign: train retinaface: --sparse must be in [0, 1]")]
    [InlineData("--hard-negatives", "-0.1", "facealign: train retinaface: --hard-negatives must be in [0, 1]")]
    [InlineData("--init", "{missing}", "facealign: {missing}: no such file (--init)")]
    public void Train_retinaface_refuses_bad_new_options_in_one_line(string option, string value, string message)
    {
        int saved = ComputeThreads.Count;
        try
        {
            string missing = cli.PathOf("none.safetensors"), run = cli.PathOf("run");
            var (exit, stdout, stderr) = CliRunner.Run("train", "retinaface", "--data", "synthetic", "--out", run, "--size", "64",
                "--epochs", "1", "--images-per-epoch", "8", "--batch", "4", "--val-images", "0", "--threads", "1", option, value.Replace("{missing}", missing));
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Equal(message.Replace("{missing}", missing), stderr.TrimEnd());
            Assert.False(File.Exists(Path.Combine(run, "final.safetensors")));
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }
}
