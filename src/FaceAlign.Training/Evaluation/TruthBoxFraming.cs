// The 300-W protocol: every face is framed by the tight box of its ground-truth landmarks, so the score measures the
// landmark model alone, with a perfect face box.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;

namespace FaceAlign.Training.Evaluation;

public sealed class TruthBoxFraming(PfldLandmarker landmarker) : LandmarkFraming
{
    public override string Boxes => "truth";

    public override Vector2[]?[] Predict(Image image, IReadOnlyList<Vector2[]> truths) =>
        [.. truths.Select(truth => landmarker.Predict(image, Box.FromPoints(truth)))];
}
