// Greedy non-maximum suppression (as py_cpu_nms in biubug6/Pytorch_Retinaface, but with continuous box areas — no +1
// on widths — to match Box.IoU): visit candidates by descending score, keep one unless it overlaps an already kept
// box by more than the IoU threshold.
using FaceAlign.Geometry;

namespace FaceAlign.Detection;

public static class Nms
{
    /// <summary>
    /// Indices of the kept boxes, highest score first (ties keep the lower index first), at most <paramref name="maxKept"/>.
    /// A box is suppressed when its IoU with a kept box is strictly above <paramref name="iouThreshold"/>.
    /// </summary>
    public static int[] Select(ReadOnlySpan<Box> boxes, ReadOnlySpan<float> scores, float iouThreshold, int maxKept = int.MaxValue)
    {
        if (boxes.Length != scores.Length)
            throw new ArgumentException($"NMS: {boxes.Length} boxes but {scores.Length} scores");
        if (!(iouThreshold >= 0 && iouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), $"NMS: IoU threshold must be in [0, 1], got {iouThreshold}");
        var order = new int[boxes.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = scores.ToArray();
        for (int i = 0; i < keys.Length; i++) keys[i] = float.IsNaN(keys[i]) ? float.PositiveInfinity : -keys[i];  // NaN last
        Array.Sort(keys, order);  // introsort is unstable; equal scores are re-ordered by index below
        SortTiesByIndex(keys, order);
        var kept = new List<int>();
        var keptBoxes = new List<Box>();
        foreach (int i in order)
        {
            if (kept.Count >= maxKept) break;
            bool suppressed = false;
            foreach (var k in keptBoxes)
            {
                if (k.IoU(boxes[i]) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (suppressed) continue;
            kept.Add(i);
            keptBoxes.Add(boxes[i]);
        }
        return [.. kept];
    }

    private static void SortTiesByIndex(float[] keys, int[] order)
    {
        int start = 0;
        for (int i = 1; i <= keys.Length; i++)
        {
            if (i < keys.Length && keys[i].Equals(keys[start])) continue;
            if (i - start > 1) Array.Sort(order, start, i - start);
            start = i;
        }
    }
}
