// How training crops are varied (all seeded; see PfldBatchBuilder). Defaults follow common PFLD practice: in-plane
// rotation ±30°, box scale ±10% and shift ±5% of its size (the "box jitter" that prepares the model for detector
// boxes), horizontal flips with the landmark permutation, brightness/contrast, occasional blur and occluders.
namespace FaceAlign.Training.PfldTraining;

public sealed record PfldAugmentation
{
    public static PfldAugmentation None { get; } = new()
    {
        RotationDegrees = 0,
        ScaleJitter = 0,
        ShiftJitter = 0,
        FlipProbability = 0,
        Brightness = 0,
        Contrast = 0,
        BlurProbability = 0,
        OcclusionProbability = 0,
    };

    /// <summary>
    /// Flips, ±10° rotation, small box jitter and mild colour changes, no occluders: for data sets of near-frontal
    /// video frames, where the full recipe's ±30° rotations and occluders slow learning more than they help
    /// (measured on ytf68; see models/README.md).
    /// </summary>
    public static PfldAugmentation Light { get; } = new()
    {
        RotationDegrees = 10,
        ScaleJitter = 0.05f,
        ShiftJitter = 0.03f,
        Brightness = 0.1f,
        Contrast = 0.15f,
        BlurProbability = 0.05f,
        OcclusionProbability = 0,
    };

    /// <summary>The recipe by name, as the CLI's --augment takes it: none, light or full.</summary>
    public static PfldAugmentation Named(string name) => name.ToLowerInvariant() switch
    {
        "none" => None,
        "light" => Light,
        "full" => new PfldAugmentation(),
        _ => throw new ArgumentException($"unknown augmentation '{name}': use none, light or full"),
    };

    public float RotationDegrees { get; init; } = 30;
    public float ScaleJitter { get; init; } = 0.1f;
    public float ShiftJitter { get; init; } = 0.05f;
    public float FlipProbability { get; init; } = 0.5f;
    /// <summary>Added to every input value (inputs are in 0..1), uniformly in ±Brightness.</summary>
    public float Brightness { get; init; } = 0.2f;
    /// <summary>Contrast factor drawn from 1 ± Contrast, applied about the crop's mean.</summary>
    public float Contrast { get; init; } = 0.3f;
    public float BlurProbability { get; init; } = 0.1f;
    /// <summary>Chance of painting one rectangle (10–40% of the crop side) of flat colour over the face.</summary>
    public float OcclusionProbability { get; init; } = 0.2f;
}
