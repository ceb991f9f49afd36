// Everything that defines a PFLD training run. Saved into every checkpoint, so a resumed run continues the same recipe.
namespace FaceAlign.Training.PfldTraining;

public sealed record PfldTrainingOptions
{
    /// <summary>Annotation files: ytf68-style CSV (.csv) or teacher JSON Lines (.jsonl).</summary>
    public required IReadOnlyList<string> TrainFiles { get; init; }

    /// <summary>Validation annotations (CSV), evaluated every epoch by inter-ocular NME with ground-truth boxes.</summary>
    public string? ValidationFile { get; init; }

    /// <summary>Run folder: checkpoints, best/final weights, logs.</summary>
    public required string OutputDirectory { get; init; }

    public float Width { get; init; } = 0.25f;
    public int Points { get; init; } = 68;
    public int Epochs { get; init; } = 60;
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's base rate, decayed by a cosine to 1% over the run after a one-epoch linear warm-up.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    public float WeightDecay { get; init; } = 1e-6f;
    public PfldLossKind Loss { get; init; } = PfldLossKind.Pfld;
    public int Seed { get; init; } = 1;

    /// <summary>Keep only the first N training faces (0 = all): for smoke tests and quick experiments.</summary>
    public int Limit { get; init; }

    /// <summary>Teacher (machine-labelled) faces need at least this detector score to be used.</summary>
    public float MinTeacherScore { get; init; } = 0f;

    /// <summary>
    /// Fraction of the people in the training CSVs held out of training (all their faces, teacher-labelled frames
    /// of them included); their human-labelled faces are written to RUN/holdout.csv for an identity-disjoint test.
    /// </summary>
    public double HoldoutIdentities { get; init; }

    public double CheckpointMinutes { get; init; } = 5;
    public PfldAugmentation Augmentation { get; init; } = new();
}
