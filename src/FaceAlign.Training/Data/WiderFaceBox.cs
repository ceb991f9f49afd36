using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// One face of a WIDER FACE ground-truth file with its attribute labels (0 = none/typical/normal): Blur 0–2,
/// Expression 0–1 (1 = exaggerated), Illumination 0–1 (1 = extreme), Invalid (the annotators' "invalid image" flag: a
/// detector should neither hit nor miss it), Occlusion 0–2, Pose 0–1 (1 = atypical). Lines with only x y w h have all 0.
/// </summary>
public sealed record WiderFaceBox(Box Box, int Blur, int Expression, int Illumination, bool Invalid, int Occlusion, int Pose);
