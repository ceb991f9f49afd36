namespace FaceAlign.Training.DetectionData;

/// <summary>
/// An endless, seeded supply of detector training images: the same seed always gives the same sample,
/// so training is reproducible and resumable. Implementations are thread-safe.
/// </summary>
public interface IDetectionSampleSource
{
    DetectionSample Sample(long seed);
}
