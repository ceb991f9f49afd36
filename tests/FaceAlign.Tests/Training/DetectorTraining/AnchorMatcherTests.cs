using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Training.DetectionData;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Training.DetectorTraining;

public class AnchorMatcherTests
{
    private static readonly Anchor[] Anchors = PriorBoxes.Generate(64, 64);

    private static Box AnchorBox(Anchor a) => Box.FromCenter(new(a.CenterX, a.CenterY), a.Width, a.Height);

    [Fact]
    public void Anchors_overlapping_a_face_by_at_least_035_are_positive_and_encode_it()
    {
        var face = new Box(20, 20, 30, 30);
        var points = new[] { new Vector2(28, 30), new Vector2(42, 30), new Vector2(35, 37), new Vector2(29, 43), new Vector2(41, 43) };
        var targets = new AnchorMatcher().Match([new DetectionTarget(face, points)], Anchors);
        var expected = Enumerable.Range(0, Anchors.Length).Where(a => AnchorBox(Anchors[a]).IoU(face) >= 0.35f).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Enumerable.Range(0, Anchors.Length).Where(a => targets.IsFace[a]));
        Assert.Equal(expected.Count, targets.Positives);
        Assert.Equal(expected.Count, targets.PositivesWithLandmarks);
        foreach (int a in expected)
        {
            var decoded = BoxCoder.Decode(targets.Boxes.AsSpan(4 * a, 4), Anchors[a]);
            Assert.Equal(face.X, decoded.X, 3);
            Assert.Equal(face.Width, decoded.Width, 3);
            var back = new Vector2[5];
            BoxCoder.DecodeLandmarks(targets.Landmarks.AsSpan(10 * a, 10), Anchors[a], back);
            Assert.Equal(points[4].Y, back[4].Y, 3);
        }
    }

    [Fact]
    public void A_face_between_anchor_sizes_still_claims_its_best_anchor()
    {
        // A 40×8 face centred on a cell: the 16-px anchor there overlaps it by 128/448 ≈ 0.29, no anchor reaches 0.35,
        // yet its best anchor must be positive.
        var face = Box.FromCenter(new Vector2(20, 20), 40, 8);
        var ious = Anchors.Select(a => AnchorBox(a).IoU(face)).ToArray();
        int best = Array.IndexOf(ious, ious.Max());
        Assert.InRange(ious.Max(), 0.2f, 0.35f);
        var targets = new AnchorMatcher().Match([new DetectionTarget(face, null)], Anchors);
        Assert.True(targets.IsFace[best]);
        Assert.Equal(1, targets.Positives);
        Assert.Equal(0, targets.PositivesWithLandmarks);
    }

    [Fact]
    public void A_face_no_anchor_reaches_02_stays_unmatched()
    {
        var tiny = new Box(2, 2, 4, 4);  // best IoU 16/256 with a 16-px anchor
        var targets = new AnchorMatcher().Match([new DetectionTarget(tiny, null)], Anchors);
        Assert.Equal(0, targets.Positives);
    }

    [Fact]
    public void Empty_boxes_are_skipped_and_non_finite_ones_refused()
    {
        Assert.Equal(0, new AnchorMatcher().Match([new DetectionTarget(new Box(10, 10, 0, 5), null)], Anchors).Positives);
        Assert.Throws<ArgumentException>(() => new AnchorMatcher().Match([new DetectionTarget(new Box(float.NaN, 0, 5, 5), null)], Anchors));
        Assert.Throws<ArgumentException>(() => new AnchorMatcher().Match([new DetectionTarget(new Box(0, 0, 5, 5), new Vector2[4])], Anchors));
    }
}
