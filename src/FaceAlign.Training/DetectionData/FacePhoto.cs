using System.Numerics;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// A source photo for detector training: its path and the 68 iBUG points of every face it contains that is labelled
/// (human or teacher labels). The composer boxes each face with <see cref="Detection.DetectorBoxConvention"/>.
/// </summary>
public sealed record FacePhoto(string ImagePath, IReadOnlyList<Vector2[]> Faces);
