using System.Text.Json;
using FaceAlign.Detection;
using FaceAlign.Models;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Training.DetectorTraining;

/// <summary>Short real training runs on synthetic faces: the detector must learn, and a resumed run must match an unbroken one.</summary>
public sealed class RetinaFaceTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "facealign-retinaface-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static readonly SyntheticFaceSource Source = new(minSide: 96, maxSide: 128, minFace: 16, maxFaceFraction: 0.6f);

    private RetinaFaceTrainingOptions Options(string run, int epochs, int imagesPerEpoch = 256, int validation = 48) => new()
    {
        OutputDirectory = Path.Combine(folder, run),
        DataName = "synthetic",
        InputSize = 128,
        Epochs = epochs,
        ImagesPerEpoch = imagesPerEpoch,
        BatchSize = 8,
        LearningRate = 3e-3f,
        ValidationImages = validation,
        Workers = 1,
    };

    private static JsonElement[] Metrics(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    [Fact]
    public void A_short_run_lowers_the_loss_and_raises_validation_AP()
    {
        var options = Options("learn", epochs: 6);
        var untrained = DetectorValidation.Evaluate(new RetinaFace(new Random(options.Seed)), DetectorValidation.Samples(Source, options.ValidationImages));
        float best = new RetinaFaceTrainer(options, Source).Run(resume: false);
        var metrics = Metrics(options.OutputDirectory);
        Assert.Equal(6, metrics.Length);
        var losses = metrics.Select(m => m.GetProperty("loss").GetDouble()).ToArray();
        var aps = metrics.Select(m => m.GetProperty("val_ap50").GetDouble()).ToArray();
        string history = $"loss {string.Join(" → ", losses.Select(l => l.ToString("G3")))}; AP {string.Join(" → ", aps.Select(a => a.ToString("F3")))}; untrained AP {untrained.AveragePrecision:F3}";
        Assert.True(losses[^1] < 0.5 * losses[0], history);
        Assert.True(best > untrained.AveragePrecision + 0.3f, history);
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, RetinaFaceTrainer.BestFile)));
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, RetinaFaceTrainer.FinalFile)));
    }
}
