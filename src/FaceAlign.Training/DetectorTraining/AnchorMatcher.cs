// Assigns ground-truth faces to anchors as RetinaFace does (biubug6/Pytorch_Retinaface utils/box_utils.py match; the
// SSD strategy of Liu et al. 2016, §2.2): an anchor is a face when its best-overlapping face covers it with IoU ≥ 0.35,
// and every face whose best anchor reaches IoU 0.2 claims that anchor whatever its overlap ("best-anchor forcing"), so
// faces between anchor sizes still get a positive. Faces whose best anchor is below 0.2 are left unmatched (too
// small for any anchor); their anchors stay background, as in the reference.
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Training.DetectorTraining;

public sealed class AnchorMatcher(float positiveIoU = 0.35f, float minBestIoU = 0.2f)
{
    public float PositiveIoU { get; } = positiveIoU;

    public float MinBestIoU { get; } = minBestIoU;

    /// <summary>
    /// Targets for <paramref name="anchors"/> from the <paramref name="faces"/> of one image (same pixel frame). Faces with an
    /// empty box are skipped (an augmentation can crop a face away); a non-finite box or landmark is an error.
    /// </summary>
    public AnchorTargets Match(IReadOnlyList<DetectionTarget> faces, ReadOnlySpan<Anchor> anchors)
    {
        var targets = new AnchorTargets(anchors.Length);
        var usable = new List<DetectionTarget>();
        for (int g = 0; g < faces.Count; g++)
        {
            var face = faces[g];
            Check(face, g);
            if (!face.Box.IsEmpty) usable.Add(face);
        }
        if (usable.Count == 0 || anchors.Length == 0) return targets;

        // For each anchor its best face (first on ties) and that IoU; for each face its best anchor.
        var bestFace = new int[anchors.Length];
        var bestFaceIoU = new float[anchors.Length];
        var bestAnchor = new int[usable.Count];
        var bestAnchorIoU = new float[usable.Count];
        Array.Fill(bestAnchorIoU, -1f);
        for (int a = 0; a < anchors.Length; a++)
        {
            var anchorBox = Box.FromCenter(new(anchors[a].CenterX, anchors[a].CenterY), anchors[a].Width, anchors[a].Height);
            float best = -1f;
            for (int g = 0; g < usable.Count; g++)
            {
                float iou = anchorBox.IoU(usable[g].Box);
                if (iou > best)
                {
                    best = iou;
                    bestFace[a] = g;
                }
                if (iou > bestAnchorIoU[g])
                {
                    bestAnchorIoU[g] = iou;
                    bestAnchor[g] = a;
                }
            }
            bestFaceIoU[a] = best;
        }
        for (int g = 0; g < usable.Count; g++)
        {
            if (bestAnchorIoU[g] < MinBestIoU) continue;
            bestFace[bestAnchor[g]] = g;      // a later face wins a shared best anchor, as the reference's loop does
            bestFaceIoU[bestAnchor[g]] = 2f;  // above any threshold
        }

        for (int a = 0; a < anchors.Length; a++)
        {
            if (bestFaceIoU[a] < PositiveIoU) continue;
            var face = usable[bestFace[a]];
            targets.IsFace[a] = true;
            targets.Positives++;
            BoxCoder.Encode(face.Box, anchors[a], targets.Boxes.AsSpan(a * 4, 4));
            if (face.Landmarks5 is { } points)
            {
                targets.HasLandmarks[a] = true;
                targets.PositivesWithLandmarks++;
                BoxCoder.EncodeLandmarks(points, anchors[a], targets.Landmarks.AsSpan(a * 10, 10));
            }
        }
        return targets;
    }

    private static void Check(DetectionTarget face, int index)
    {
        var b = face.Box;
        if (!float.IsFinite(b.X) || !float.IsFinite(b.Y) || !float.IsFinite(b.Width) || !float.IsFinite(b.Height))
            throw new ArgumentException($"face {index}: box {b} is not finite");
        if (face.Landmarks5 is { } points)
        {
            if (points.Length != 5) throw new ArgumentException($"face {index}: expected 5 landmarks, got {points.Length}");
            foreach (var p in points)
                if (!float.IsFinite(p.X) || !float.IsFinite(p.Y)) throw new ArgumentException($"face {index}: landmark {p} is not finite");
        }
    }
}
