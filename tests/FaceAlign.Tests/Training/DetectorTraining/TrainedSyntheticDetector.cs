using FaceAlign.Detection;
using FaceAlign.Training.DetectorTraining;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.DetectorTraining;

/// <summary>
/// One short RetinaFace training run on synthetic faces (~30 s), shared by the tests that need trained weights: the
/// learning test reads its metrics, the detector and CLI tests use its weights.
/// </summary>
public sealed class TrainedSyntheticDetector : IDisposable
{
    public static readonly SyntheticFaceSource Source = new(minSide: 96, maxSide: 128, minFace: 16, maxFaceFraction: 0.6f);

    public TrainedSyntheticDetector()
    {
        Options = new RetinaFaceTrainingOptions
        {
            OutputDirectory = Path.Combine(Path.GetTempPath(), "facealign-retinaface-" + Guid.NewGuid().ToString("N")),
            DataName = "synthetic",
            InputSize = 128,
            Epochs = 6,
            ImagesPerEpoch = 256,
            BatchSize = 8,
            LearningRate = 3e-3f,
            ValidationImages = 48,
            Workers = 1,
        };
        Untrained = DetectorValidation.Evaluate(new RetinaFace(new Random(Options.Seed)), DetectorValidation.Samples(Source, Options.ValidationImages));
        BestAp = new RetinaFaceTrainer(Options, Source).Run(resume: false);
    }

    public RetinaFaceTrainingOptions Options { get; }

    /// <summary>The untrained network's scores on the same validation samples.</summary>
    public DetectionScores Untrained { get; }

    public float BestAp { get; }

    public string Weights => Path.Combine(Options.OutputDirectory, RetinaFaceTrainer.BestFile);

    public FaceDetector Detector(FaceDetectorOptions? options = null) => FaceDetector.Load(Weights, options);

    public void Dispose()
    {
        if (Directory.Exists(Options.OutputDirectory)) Directory.Delete(Options.OutputDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedSyntheticDetectorCollection : ICollectionFixture<TrainedSyntheticDetector>
{
    public const string Name = "trained synthetic detector";
}
