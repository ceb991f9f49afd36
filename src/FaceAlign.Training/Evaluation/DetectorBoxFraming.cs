// End to end, as the product runs: the analyzer detects the faces of the whole image and places landmarks on each from
// its detector box (with FaceAnalyzer's box mapping and refinement pass), once per image; each annotated face takes the
// detected face that overlaps it best. The score then includes the detector's misses and the cost of imperfect boxes.
using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Pipeline;

namespace FaceAlign.Training.Evaluation;

public sealed class DetectorBoxFraming(FaceAnalyzer analyzer) : LandmarkFraming
{
    /// <summary>
    /// A detected face is taken for an annotated one when its box overlaps the annotation's detector-convention box by
    /// at least this IoU. The bar only decides which detection belongs to which face, not whether the box is good: a
    /// poor but matched box should be charged to the NME (the refinement pass may even rescue it), not hidden as a
    /// miss, so it sits below detection AP's 0.5. Other faces in the same image overlap the annotation hardly at all
    /// (IoU near 0), and a detection of only part of the face or of a box around the head and shoulders falls below 0.3.
    /// </summary>
    public const float MatchIoU = 0.3f;

    public override string Boxes => "detector";

    public override Vector2[]?[] Predict(Image image, IReadOnlyList<Vector2[]> truths)
    {
        var faces = analyzer.Analyze(image);
        return [.. truths.Select(truth => Match(faces, truth)?.Landmarks)];
    }

    /// <summary>
    /// The face of <paramref name="faces"/> whose detector box best overlaps the detector-convention box of
    /// <paramref name="truth"/> (<see cref="DetectorBoxConvention.FromLandmarkBox"/> of their tight box), or null when
    /// none reaches <see cref="MatchIoU"/>.
    /// </summary>
    public static Face? Match(IReadOnlyList<Face> faces, Vector2[] truth)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(truth);
        var expected = DetectorBoxConvention.FromLandmarkBox(Box.FromPoints(truth));
        Face? best = null;
        float bestIoU = 0;
        foreach (var face in faces)
        {
            float iou = face.Box.IoU(expected);
            if (iou > bestIoU)
                (best, bestIoU) = (face, iou);
        }
        return bestIoU >= MatchIoU ? best : null;
    }
}
