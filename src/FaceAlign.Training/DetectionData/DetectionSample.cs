using FaceAlign.Imaging;

namespace FaceAlign.Training.DetectionData;

/// <summary>A detector training image, already augmented, with every face it contains.</summary>
public sealed record DetectionSample(Image Image, IReadOnlyList<DetectionTarget> Faces);
