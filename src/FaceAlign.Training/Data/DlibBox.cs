using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>A &lt;box&gt; of a dlib imglab dataset; Ignore marks faces a detector should neither hit nor miss.</summary>
public sealed record DlibBox(Box Box, bool Ignore, Vector2[] Parts);
