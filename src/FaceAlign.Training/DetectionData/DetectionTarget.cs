using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// Ground truth for one face in a detector training image: its box (in the documented detector box
/// convention) and, when known, the five points in <see cref="Detection.DetectedFace"/> order.
/// </summary>
public sealed record DetectionTarget(Box Box, Vector2[]? Landmarks5);
