using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>An entry of a COCO file's "annotations" array: keypoints with their visibility flags (0, 1, 2) and bbox.</summary>
public sealed record CocoAnnotation(long Id, long ImageId, Vector2[] Keypoints, byte[] Visibility, Box? Box);
