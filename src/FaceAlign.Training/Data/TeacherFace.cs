using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>A face the teacher found: detector box, detector score and 68 iBUG landmarks.</summary>
public sealed record TeacherFace(Box Box, float Score, Vector2[] Landmarks);
