using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Detection;

public class DetectorBoxConventionTests
{
    [Fact]
    public void Extends_the_landmark_box_by_five_percent_each_side_and_twelve_percent_above()
    {
        // A 100×50 landmark box at (10, 20): sides 5 px out, top 6 px up, bottom at the chin.
        var box = DetectorBoxConvention.FromLandmarkBox(new Box(10, 20, 100, 50));
        Assert.Equal(5, box.X, 4);
        Assert.Equal(14, box.Y, 4);
        Assert.Equal(110, box.Width, 4);
        Assert.Equal(56, box.Height, 4);
    }

    [Fact]
    public void From_68_points_uses_their_tight_box_and_rejects_other_counts()
    {
        var points = new Vector2[68];
        for (int i = 0; i < points.Length; i++)
            points[i] = new Vector2(10 + i % 11 * 10, 20 + i % 6 * 10); // spans x 10..110, y 20..70
        Assert.Equal(DetectorBoxConvention.FromLandmarkBox(new Box(10, 20, 100, 50)), DetectorBoxConvention.FromLandmarks68(points));
        Assert.Throws<ArgumentException>(() => DetectorBoxConvention.FromLandmarks68(points.AsSpan(0, 5)));
    }

    [Fact]
    public void ToLandmarkBox_and_the_pipeline_mapping_invert_the_convention()
    {
        var landmark = new Box(31, -7, 64, 80);
        var detector = DetectorBoxConvention.FromLandmarkBox(landmark);
        foreach (var back in new[] { DetectorBoxConvention.ToLandmarkBox(detector), DetectorBoxConvention.LandmarkBoxMapping.Apply(detector) })
        {
            Assert.Equal(landmark.X, back.X, 3);
            Assert.Equal(landmark.Y, back.Y, 3);
            Assert.Equal(landmark.Width, back.Width, 3);
            Assert.Equal(landmark.Height, back.Height, 3);
        }
    }

    /// <summary>
    /// The rule's claim: on dlib's examples, boxes from the 68 points agree with the hand-drawn boxes at mean IoU
    /// 0.778 (tight landmark box: 0.710), and every face clears the IoU 0.5 a detector evaluation demands.
    /// </summary>
    [SkippableFact]
    public void Matches_the_hand_drawn_dlib_boxes()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var ious = new List<double>();
        var tight = new List<double>();
        foreach (var name in new[] { "training", "testing" })
        {
            var hand = DlibXml.Read(SharedData.PathOf($"fixtures/dlib-faces/{name}.xml"));
            var marked = DlibXml.Read(SharedData.PathOf($"fixtures/dlib-faces/{name}_with_face_landmarks.xml"));
            Assert.Equal(hand.Select(i => i.File), marked.Select(i => i.File));
            for (int i = 0; i < hand.Count; i++)
            {
                Assert.Equal(hand[i].Boxes.Count, marked[i].Boxes.Count);
                for (int b = 0; b < hand[i].Boxes.Count; b++)
                {
                    var points = marked[i].Boxes[b].Parts;
                    ious.Add(DetectorBoxConvention.FromLandmarks68(points).IoU(hand[i].Boxes[b].Box));
                    tight.Add(Box.FromPoints(points).IoU(hand[i].Boxes[b].Box));
                }
            }
        }
        Assert.Equal(43, ious.Count);
        Assert.Equal(0.778, ious.Average(), 3);
        Assert.Equal(0.710, tight.Average(), 3);
        Assert.True(ious.Min() > 0.6, $"worst IoU {ious.Min():F3}");
    }
}
