// Average precision of a detector (PASCAL VOC 2010+ protocol, Everingham et al. 2010 §4.2, all-point interpolation; the
// same rule WIDER FACE's evaluation uses): detections of all images ranked by score; each is a true positive when it
// overlaps a not-yet-claimed ground-truth box of its image by IoU ≥ the threshold (the best such box), else a false
// positive; AP is the area under the precision–recall curve after making precision monotone from the right.
using FaceAlign.Detection;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Evaluation;

public static class AveragePrecision
{
    /// <summary>Scores over images, each given as (detections, ground-truth boxes).</summary>
    public static DetectionScores Evaluate(IReadOnlyList<(IReadOnlyList<DetectedFace> Detections, IReadOnlyList<Box> Truth)> images,
        float iouThreshold = 0.5f, float scoreThreshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(images);
        var ranked = new List<(float Score, int Image, Box Box)>();
        int faces = 0;
        for (int i = 0; i < images.Count; i++)
        {
            faces += images[i].Truth.Count;
            foreach (var d in images[i].Detections) ranked.Add((d.Score, i, d.Box));
        }
        // Stable order for equal scores (image, then list order), so the result does not depend on the sort.
        var order = Enumerable.Range(0, ranked.Count).OrderByDescending(k => ranked[k].Score).ThenBy(k => k).ToList();
        var claimed = images.Select(im => new bool[im.Truth.Count]).ToArray();
        var truePositive = new bool[ranked.Count];
        foreach (int k in order)
        {
            var (_, image, box) = ranked[k];
            var truth = images[image].Truth;
            int best = -1;
            float bestIoU = iouThreshold;
            for (int g = 0; g < truth.Count; g++)
            {
                if (claimed[image][g]) continue;
                float iou = truth[g].IoU(box);
                if (iou >= bestIoU)
                {
                    bestIoU = iou;
                    best = g;
                }
            }
            if (best < 0) continue;
            claimed[image][best] = true;
            truePositive[k] = true;
        }

        // Precision–recall points down the ranking, then the area under the monotone envelope.
        var precision = new double[order.Count];
        var recall = new double[order.Count];
        int tp = 0, tpAtThreshold = 0, atThreshold = 0;
        for (int r = 0; r < order.Count; r++)
        {
            int k = order[r];
            if (truePositive[k]) tp++;
            precision[r] = tp / (double)(r + 1);
            recall[r] = faces == 0 ? 0 : tp / (double)faces;
            if (ranked[k].Score >= scoreThreshold)
            {
                atThreshold++;
                if (truePositive[k]) tpAtThreshold++;
            }
        }
        double ap = 0, previousRecall = 0;
        for (int r = order.Count - 2; r >= 0; r--) precision[r] = Math.Max(precision[r], precision[r + 1]);
        for (int r = 0; r < order.Count; r++)
        {
            ap += (recall[r] - previousRecall) * precision[r];
            previousRecall = recall[r];
        }
        return new DetectionScores((float)ap, faces == 0 ? 0 : tpAtThreshold / (float)faces,
            atThreshold == 0 ? 0 : tpAtThreshold / (float)atThreshold, faces, ranked.Count);
    }
}
