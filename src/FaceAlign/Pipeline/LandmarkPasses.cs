// The landmark stage's one or two passes: landmarks for the given boxes, then optionally again on each face's own
// landmark box. Kept apart from the model so the two-pass logic can be checked with a synthetic predictor.
using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Pipeline;

internal static class LandmarkPasses
{
    /// <summary>
    /// Runs <paramref name="predict"/> (boxes → points per box) on <paramref name="boxes"/>; with
    /// <paramref name="refine"/>, runs it once more on the tight box of each face's first answer. Returns the final
    /// points and the box each was predicted from. A face whose first answer bounds no usable box (a degenerate or
    /// non-finite prediction) keeps its first pass.
    /// </summary>
    public static (Vector2[][] Points, Box[] Boxes) Run(Func<IReadOnlyList<Box>, Vector2[][]> predict, IReadOnlyList<Box> boxes, bool refine)
    {
        var first = predict(boxes);
        var used = boxes.ToArray();
        if (!refine || boxes.Count == 0)
            return (first, used);
        var again = new List<int>(boxes.Count);
        var refined = new List<Box>(boxes.Count);
        for (int i = 0; i < first.Length; i++)
        {
            var box = Box.FromPoints(first[i]);
            if (box.IsEmpty || !float.IsFinite(box.X) || !float.IsFinite(box.Y) || !float.IsFinite(box.Right) || !float.IsFinite(box.Bottom))
                continue;
            again.Add(i);
            refined.Add(box);
        }
        if (refined.Count == 0)
            return (first, used);
        var second = predict(refined);
        for (int j = 0; j < again.Count; j++)
        {
            first[again[j]] = second[j];
            used[again[j]] = refined[j];
        }
        return (first, used);
    }
}
