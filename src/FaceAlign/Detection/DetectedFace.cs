using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Detection;

/// <summary>
/// One face found by a detector, in the pixel coordinates of the image that was passed in.
/// <see cref="Landmarks5"/> follows the RetinaFace order: left eye, right eye (as seen in the image,
/// i.e. subject's right eye first), nose tip, left mouth corner, right mouth corner.
/// </summary>
public sealed record DetectedFace(Box Box, float Score, Vector2[] Landmarks5);
