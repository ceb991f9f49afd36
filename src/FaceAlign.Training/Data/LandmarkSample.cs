using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// One annotated face, whatever file it came from: the image path, its landmarks in pixels (origin at the top-left
/// pixel's corner), and the face box and attribute flags when the source provides them.
/// </summary>
public sealed record LandmarkSample(string ImagePath, Vector2[] Landmarks, Box? Box = null, FaceAttributes? Attributes = null);
