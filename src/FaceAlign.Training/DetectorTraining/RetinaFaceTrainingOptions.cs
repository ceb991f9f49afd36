// Everything that defines a RetinaFace training run except the data source. Saved into every checkpoint, so a resumed
// run can be checked against its recipe.
namespace FaceAlign.Training.DetectorTraining;

public sealed record RetinaFaceTrainingOptions
{
    /// <summary>Run folder: checkpoints, best/final weights, logs.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>A name for the sample source, for the log (e.g. "synthetic", "shared").</summary>
    public string DataName { get; init; } = "";

    /// <summary>Side of the square network input; samples are scaled so their longer side fits it. A multiple of 32.</summary>
    public int InputSize { get; init; } = 640;

    public int Epochs { get; init; } = 100;

    /// <summary>Width of the pyramid, SSH modules and heads (64 as biubug6's cfg_mnet; FaceAlign's default model uses 32).</summary>
    public int PyramidChannels { get; init; } = Detection.RetinaFace.DefaultPyramidChannels;

    /// <summary>
    /// A weights file to start from (a fresh run only): every tensor whose name and shape match is copied, the rest keep
    /// their random initialisation — e.g. a trained detector's backbone for a model with another pyramid width.
    /// </summary>
    public string? InitialWeights { get; init; }

    /// <summary>Samples drawn per epoch (the source is endless; an epoch is a unit of schedule and checkpointing).</summary>
    public int ImagesPerEpoch { get; init; } = 12_800;

    public int BatchSize { get; init; } = 16;

    public DetectorOptimizer Optimizer { get; init; } = DetectorOptimizer.Adam;

    /// <summary>Base rate: linear warm-up over the first epoch, then a cosine decay to 1% at the end.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>AdamW's decoupled decay, or SGD's L2 term (biubug6 uses 5e-4 with SGD).</summary>
    public float WeightDecay { get; init; } = 5e-4f;

    public int Seed { get; init; } = 1;

    /// <summary>Held-out samples (fixed seeds, independent of <see cref="Seed"/>) scored by AP@0.5 after every epoch; 0 skips validation.</summary>
    public int ValidationImages { get; init; } = 200;

    public double CheckpointMinutes { get; init; } = 5;

    /// <summary>Threads generating samples in the background (the sample source and matching run there).</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>IoU at which an anchor becomes a positive (RetinaFace: 0.35).</summary>
    public float PositiveIoU { get; init; } = 0.35f;

    /// <summary>Weight of the box term (cfg_mnet's loc_weight).</summary>
    public float BoxWeight { get; init; } = 2f;

    /// <summary>Mined negatives per positive.</summary>
    public int NegativesPerPositive { get; init; } = 3;

    internal void Validate()
    {
        if (!Detection.RetinaFace.IsValidPyramidWidth(PyramidChannels)) throw new ArgumentException($"pyramid width must be a positive multiple of 4, got {PyramidChannels}");
        if (InputSize < 32 || InputSize % 32 != 0) throw new ArgumentException($"input size must be a positive multiple of 32, got {InputSize}");
        if (Epochs < 1 || BatchSize < 1 || Workers < 1) throw new ArgumentException("epochs, batch size and workers must be at least 1");
        if (ImagesPerEpoch < BatchSize) throw new ArgumentException($"{ImagesPerEpoch} images per epoch do not fill one batch of {BatchSize}");
        if (!(LearningRate > 0) || !(WeightDecay >= 0)) throw new ArgumentException("learning rate must be positive and weight decay non-negative");
        if (ValidationImages < 0) throw new ArgumentException("validation images must be ≥ 0");
        if (!(PositiveIoU > 0 && PositiveIoU <= 1) || !(BoxWeight >= 0) || NegativesPerPositive < 0)
            throw new ArgumentException("positive IoU must be in (0, 1], box weight and negatives per positive ≥ 0");
    }
}
