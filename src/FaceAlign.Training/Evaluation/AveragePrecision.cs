// Detector accuracy on annotated images, the PASCAL VOC way (Everingham et al., "The PASCAL Visual Object Classes
// Challenge", IJCV 2010, §4.2; the all-point interpolation of the 2010+ devkit), with ignore regions as in COCO.
using FaceAlign.Detection;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Evaluation;

/// <summary>
/// Matching: all detections of all images are taken in order of descending score (ties keep image, then detector
/// order). Each one becomes a true positive if some not-yet-matched face of its image overlaps it with IoU ≥ the
/// threshold (the one with the highest IoU is taken); otherwise it is ignored — neither true nor false positive — when
/// an ignore region covers at least that fraction of the detection's own area (COCO's rule for crowd regions; IoU ≥ t
/// implies it, so a detection on an ignored face is always ignored); otherwise it is a false positive, duplicates
/// of an already found face included.
/// <para>
/// AP: with recall r_k and precision p_k after the k-th counted detection, the precision is made monotone
/// (p̂(r) = max over r' ≥ r of p(r')) and AP = Σ (r_k − r_{k−1})·p̂(r_k), the area under that envelope.
/// </para>
/// </summary>
public static class AveragePrecision
{
    /// <summary>Face size bucket edges in pixels of √(width·height): below 40, 40 to 80, 80 and above.</summary>
    public static ReadOnlySpan<double> SizeEdges => [40, 80];

    public static DetectionReport Evaluate(
        IReadOnlyList<DetectionGroundTruth> truths,
        IReadOnlyList<IReadOnlyList<DetectedFace>> detections,
        double scoreThreshold = 0.5,
        double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(detections);
        if (truths.Count != detections.Count)
            throw new ArgumentException($"{truths.Count} annotated images but detections for {detections.Count}", nameof(detections));
        if (!(iouThreshold > 0 && iouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), $"IoU threshold must be in (0, 1], got {iouThreshold}");

        var order = new List<(int Image, int Index, float Score)>();
        for (int i = 0; i < detections.Count; i++)
        {
            for (int d = 0; d < detections[i].Count; d++)
            {
                float score = detections[i][d].Score;
                if (!float.IsFinite(score))
                    throw new ArgumentException($"image {i} ({truths[i].ImagePath}): detection {d} has score {score}", nameof(detections));
                order.Add((i, d, score));
            }
        }
        order = order.OrderByDescending(o => o.Score).ToList(); // stable: ties keep image and detector order

        int faces = truths.Sum(t => t.Faces.Count);
        var matchedBy = truths.Select(t => Enumerable.Repeat(double.NaN, t.Faces.Count).ToArray()).ToArray(); // score of the match
        var falsePerImage = new int[truths.Count];
        var curve = new List<PrecisionRecallPoint>();
        int tp = 0, fp = 0, tpAbove = 0, fpAbove = 0, ignoredAbove = 0;
        foreach (var (image, index, score) in order)
        {
            var box = detections[image][index].Box;
            var truth = truths[image];
            int face = BestUnmatched(box, truth.Faces, matchedBy[image], iouThreshold);
            bool above = score >= scoreThreshold;
            if (face >= 0)
            {
                matchedBy[image][face] = score;
                tp++;
                if (above) tpAbove++;
            }
            else if (truth.Ignore.Any(region => CoveredFraction(box, region) >= iouThreshold))
            {
                if (above) ignoredAbove++;
                continue;
            }
            else
            {
                fp++;
                if (above)
                {
                    fpAbove++;
                    falsePerImage[image]++;
                }
            }
            curve.Add(new PrecisionRecallPoint(score, faces == 0 ? double.NaN : (double)tp / faces, (double)tp / (tp + fp)));
        }

        double ap = faces == 0 ? double.NaN : AllPoint(curve.Select(p => p.Recall).ToArray(), curve.Select(p => p.Precision).ToArray());
        return new DetectionReport(truths.Count, faces, truths.Sum(t => t.Ignore.Count), iouThreshold, ap,
            scoreThreshold, tpAbove, fpAbove, ignoredAbove, falsePerImage, curve, BySize(truths, matchedBy, scoreThreshold));
    }

    /// <summary>
    /// Area under the monotone precision envelope of a precision–recall sequence (recall non-decreasing), VOC's
    /// all-point interpolation: recall is extended to 0 (at precision 0 for the envelope's start) and the area summed
    /// over the steps where recall grows.
    /// </summary>
    public static double AllPoint(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision)
    {
        if (recall.Length != precision.Length)
            throw new ArgumentException($"{recall.Length} recall values but {precision.Length} precision values");
        var envelope = precision.ToArray();
        for (int k = envelope.Length - 2; k >= 0; k--)
            envelope[k] = Math.Max(envelope[k], envelope[k + 1]);
        double area = 0, previous = 0;
        for (int k = 0; k < recall.Length; k++)
        {
            if (recall[k] < previous)
                throw new ArgumentException($"recall decreases at point {k}: {recall[k]} after {previous}", nameof(recall));
            area += (recall[k] - previous) * envelope[k];
            previous = recall[k];
        }
        return area;
    }

    /// <summary>Size of a face for the recall buckets: the side of the square of the same area.</summary>
    public static double FaceSize(Box face) => Math.Sqrt(face.Area);

    private static int BestUnmatched(Box detection, IReadOnlyList<Box> faces, double[] matchedBy, double iouThreshold)
    {
        int best = -1;
        double bestIoU = iouThreshold;
        for (int f = 0; f < faces.Count; f++)
        {
            if (!double.IsNaN(matchedBy[f]))
                continue;
            double iou = detection.IoU(faces[f]);
            if (iou >= bestIoU && (best < 0 || iou > bestIoU))
            {
                best = f;
                bestIoU = iou;
            }
        }
        return best;
    }

    /// <summary>The fraction of <paramref name="detection"/>'s area inside <paramref name="region"/>.</summary>
    private static double CoveredFraction(Box detection, Box region)
    {
        double area = detection.Area;
        return area > 0 ? detection.Intersect(region).Area / area : 0;
    }

    private static List<SizeBucketRecall> BySize(IReadOnlyList<DetectionGroundTruth> truths, double[][] matchedBy, double scoreThreshold)
    {
        var edges = SizeEdges;
        var buckets = new List<SizeBucketRecall>();
        for (int b = 0; b <= edges.Length; b++)
        {
            double min = b == 0 ? 0 : edges[b - 1], max = b == edges.Length ? double.PositiveInfinity : edges[b];
            int count = 0, found = 0;
            for (int i = 0; i < truths.Count; i++)
            {
                for (int f = 0; f < truths[i].Faces.Count; f++)
                {
                    double size = FaceSize(truths[i].Faces[f]);
                    if (size < min || size >= max)
                        continue;
                    count++;
                    if (matchedBy[i][f] >= scoreThreshold)
                        found++;
                }
            }
            string label = b == 0 ? $"< {max} px" : b == edges.Length ? $">= {min} px" : $"{min}-{max} px";
            buckets.Add(new SizeBucketRecall(label, min, max, count, found));
        }
        return buckets;
    }
}
