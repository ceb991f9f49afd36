using System.Text.Json;
using FaceAlign.Models;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Training.DetectorTraining;

/// <summary>Short real training runs on synthetic faces: the detector must learn, and a resumed run must match an unbroken one.</summary>
[Collection(TrainedSyntheticDetectorCollection.Name)]
public sealed class RetinaFaceTrainerTests(TrainedSyntheticDetector trained) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "facealign-retinaface-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static JsonElement[] Metrics(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    [Fact]
    public void A_short_run_lowers_the_loss_and_raises_validation_AP()
    {
        var metrics = Metrics(trained.Options.OutputDirectory);
        Assert.Equal(trained.Options.Epochs, metrics.Length);
        var losses = metrics.Select(m => m.GetProperty("loss").GetDouble()).ToArray();
        var aps = metrics.Select(m => m.GetProperty("val_ap50").GetDouble()).ToArray();
        string history = $"loss {string.Join(" → ", losses.Select(l => l.ToString("G3")))}; AP {string.Join(" → ", aps.Select(a => a.ToString("F3")))}; " +
            $"untrained AP {trained.Untrained.AveragePrecision:F3}";
        // Measured: loss 25 → 6, AP 0.007 → 0.77 (untrained 0.00) over 6 epochs of 256 images.
        Assert.True(losses[^1] < 0.5 * losses[0], history);
        Assert.True(trained.BestAp > trained.Untrained.AveragePrecision + 0.4f, history);
        Assert.Equal((float)aps.Max(), trained.BestAp, 5);
        Assert.True(File.Exists(trained.Weights));
        Assert.True(File.Exists(Path.Combine(trained.Options.OutputDirectory, RetinaFaceTrainer.FinalFile)));
        Assert.True(File.Exists(Path.Combine(trained.Options.OutputDirectory, "train.log")));
    }

    private RetinaFaceTrainingOptions Small(string run) => new()
    {
        OutputDirectory = Path.Combine(folder, run),
        InputSize = 64,
        Epochs = 2,
        ImagesPerEpoch = 32,
        BatchSize = 8,
        ValidationImages = 4,
        Workers = 2,
    };

    private static readonly SyntheticFaceSource SmallSource = new(minSide: 48, maxSide: 64, minFace: 12, maxFaceFraction: 0.6f);

    [Fact]
    public void Resuming_from_a_checkpoint_gives_the_same_weights_as_an_unbroken_run()
    {
        var straight = Small("straight");
        new RetinaFaceTrainer(straight, SmallSource).Run(resume: false);

        // Interrupt the second run after the first step of epoch 2, as Ctrl-C would, then resume it.
        var broken = Small("broken");
        using var interrupt = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new RetinaFaceTrainer(broken, SmallSource, p => { if (p.Epoch == 2) interrupt.Cancel(); }).Run(resume: false, interrupt.Token));
        Assert.False(File.Exists(Path.Combine(broken.OutputDirectory, RetinaFaceTrainer.FinalFile)));
        new RetinaFaceTrainer(broken, SmallSource).Run(resume: true);

        SameWeights.Assert(Path.Combine(straight.OutputDirectory, RetinaFaceTrainer.FinalFile),
            Path.Combine(broken.OutputDirectory, RetinaFaceTrainer.FinalFile));
    }

    [Fact]
    public void Bad_options_are_refused_before_training()
    {
        Assert.Throws<ArgumentException>(() => new RetinaFaceTrainer(Small("bad") with { InputSize = 100 }, SmallSource).Run(resume: false));
        Assert.Throws<ArgumentException>(() => new RetinaFaceTrainer(Small("bad") with { ImagesPerEpoch = 4 }, SmallSource).Run(resume: false));
    }
}
