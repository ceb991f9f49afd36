using FaceAlign.Detection;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Detection;

public class NmsTests
{
    [Fact]
    public void Keeps_the_best_of_each_overlapping_group_in_score_order()
    {
        Box[] boxes =
        [
            new(0, 0, 10, 10),    // 0: group A, 0.6
            new(1, 0, 10, 10),    // 1: group A, 0.9 (IoU with 0: 90/110 = 0.82)
            new(50, 50, 10, 10),  // 2: group B alone, 0.7
            new(6, 0, 10, 10),    // 3: IoU with 1 = 50/150 = 0.33 → kept at 0.4, 0.8
        ];
        float[] scores = [0.6f, 0.9f, 0.7f, 0.8f];
        Assert.Equal([1, 3, 2], Nms.Select(boxes, scores, 0.4f));
        Assert.Equal([1, 2], Nms.Select(boxes, scores, 0.3f));   // now 3 overlaps 1 too much
        Assert.Equal([1, 3], Nms.Select(boxes, scores, 0.4f, maxKept: 2));
    }

    [Fact]
    public void Matches_a_brute_force_reference_on_random_boxes()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = rng.Next(0, 60);
            var boxes = Enumerable.Range(0, n).Select(_ => new Box(rng.Next(0, 100), rng.Next(0, 100), rng.Next(5, 40), rng.Next(5, 40))).ToArray();
            var scores = Enumerable.Range(0, n).Select(_ => (float)rng.Next(0, 20) / 20).ToArray();  // ties happen
            Assert.Equal(Reference(boxes, scores, 0.4f), Nms.Select(boxes, scores, 0.4f));
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Nms.Select([new Box(0, 0, 1, 1)], [], 0.4f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Nms.Select([], [], 1.5f));
    }

    // Repeatedly take the best remaining (lowest index on ties) and drop everything overlapping it.
    private static int[] Reference(Box[] boxes, float[] scores, float iou)
    {
        var left = Enumerable.Range(0, boxes.Length).ToList();
        var kept = new List<int>();
        while (left.Count > 0)
        {
            int best = left.OrderByDescending(i => scores[i]).ThenBy(i => i).First();
            kept.Add(best);
            left.RemoveAll(i => i == best || boxes[i].IoU(boxes[best]) > iou);
        }
        return [.. kept];
    }
}
