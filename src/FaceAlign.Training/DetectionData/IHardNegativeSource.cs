namespace FaceAlign.Training.DetectionData;

/// <summary>
/// A sample source that can show mined hard negatives (<see cref="HardNegative"/>): it names its face-free photos, and
/// the trainer hands back what its detector wrongly found on them (RetinaFaceTrainer mines once per epoch).
/// </summary>
public interface IHardNegativeSource
{
    /// <summary>True when samples would show hard negatives (a non-zero share of samples is given to them).</summary>
    bool UsesHardNegatives { get; }

    /// <summary>Photos known to hold no face, where every detection is a false one.</summary>
    IReadOnlyList<string> FaceFreePhotos { get; }

    /// <summary>Replaces the hard negatives samples draw from. Not to be called while samples are being built.</summary>
    void UseHardNegatives(IReadOnlyList<HardNegative> negatives);
}
