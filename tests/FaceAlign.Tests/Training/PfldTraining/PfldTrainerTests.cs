using System.Text.Json;
using FaceAlign.Models;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Tests.Training.PfldTraining;

/// <summary>Short real training runs on generated faces: the network must learn, and a resumed run must match an unbroken one.</summary>
public sealed class PfldTrainerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "facealign-train-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private PfldTrainingOptions Options(string run, int epochs, PfldLossKind loss = PfldLossKind.L2, int faces = 96) => new()
    {
        TrainFiles = [SyntheticFaces.Write(Path.Combine(folder, "data"), "train" + faces, faces, seed: 1)],
        ValidationFile = SyntheticFaces.Write(Path.Combine(folder, "data"), "val", 32, seed: 2),
        OutputDirectory = Path.Combine(folder, run),
        Epochs = epochs,
        BatchSize = 16,
        LearningRate = 3e-3f,
        Loss = loss,
        Augmentation = PfldAugmentation.None with { ScaleJitter = 0.05f, ShiftJitter = 0.03f },
    };

    private static float[] ValidationNmes(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl"))
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("val_nme").GetSingle()).ToArray();

    private static float MeanShapeNme(string trainFile, string validationFile)
    {
        var mean = PfldDataset.Load(PfldSampleSources.Read([trainFile])).MeanCropShape();
        var validation = PfldSampleSources.Read([validationFile]);
        var scheme = FaceAlign.Landmarks.LandmarkScheme.ForPointCount(68);
        return validation.Average(face =>
        {
            var crop = FaceCrop.FromLandmarkBox(FaceAlign.Geometry.Box.FromPoints(face.Landmarks), Pfld.InputSize);
            var guess = Enumerable.Range(0, 68).Select(k => crop.ToImage(new System.Numerics.Vector2(mean[2 * k], mean[2 * k + 1]))).ToArray();
            return FaceAlign.Training.Evaluation.Nme.Compute(guess, face.Landmarks, scheme, FaceAlign.Training.Evaluation.NmeNormalisation.InterOcular);
        });
    }

    [Fact]
    public void A_short_run_reduces_validation_NME()
    {
        var options = Options("learn", epochs: 10, faces: 256);
        new PfldTrainer(options).Run(resume: false);
        var nmes = ValidationNmes(options.OutputDirectory);
        Assert.Equal(10, nmes.Length);
        // Training starts from the mean shape, so the bar is the mean shape's own error on the validation faces.
        float meanShapeNme = MeanShapeNme(options.TrainFiles[0], options.ValidationFile!);
        Assert.True(nmes.Min() < 0.6f * meanShapeNme, $"validation NME went {string.Join(" → ", nmes)}; the mean shape scores {meanShapeNme}");
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, PfldTrainer.BestFile)));
        var landmarker = PfldLandmarker.Load(Path.Combine(options.OutputDirectory, PfldTrainer.FinalFile));
        Assert.Equal(68, landmarker.Points);
    }

    [Fact]
    public void The_PFLD_loss_with_the_auxiliary_network_trains_too()
    {
        var options = Options("pfld-loss", epochs: 10, PfldLossKind.Pfld, faces: 256);
        new PfldTrainer(options).Run(resume: false);
        var nmes = ValidationNmes(options.OutputDirectory);
        float meanShapeNme = MeanShapeNme(options.TrainFiles[0], options.ValidationFile!);
        Assert.True(nmes.Min() < 0.8f * meanShapeNme, $"validation NME went {string.Join(" → ", nmes)}; the mean shape scores {meanShapeNme}");
    }

    [Fact]
    public void Resuming_from_a_checkpoint_gives_the_same_weights_as_an_unbroken_run()
    {
        var straight = Options("straight", epochs: 2);
        new PfldTrainer(straight).Run(resume: false);

        // Interrupt the second run after the first step of epoch 2, as Ctrl-C would, then resume it.
        var broken = Options("broken", epochs: 2);
        using var interrupt = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new PfldTrainer(broken, p => { if (p.Epoch == 2) interrupt.Cancel(); }).Run(resume: false, interrupt.Token));
        Assert.False(File.Exists(Path.Combine(broken.OutputDirectory, PfldTrainer.FinalFile)));
        new PfldTrainer(broken).Run(resume: true);

        SameWeights.Assert(Path.Combine(straight.OutputDirectory, PfldTrainer.FinalFile),
            Path.Combine(broken.OutputDirectory, PfldTrainer.FinalFile));
    }
}
