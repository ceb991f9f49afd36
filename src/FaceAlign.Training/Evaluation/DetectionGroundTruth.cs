using FaceAlign.Geometry;

namespace FaceAlign.Training.Evaluation;

/// <summary>
/// The faces a detector should find in one image, and the regions where it may or may not fire without being counted
/// (dlib ignore boxes, WIDER FACE invalid faces, boxes of zero size).
/// </summary>
public sealed record DetectionGroundTruth(string ImagePath, IReadOnlyList<Box> Faces, IReadOnlyList<Box> Ignore);
