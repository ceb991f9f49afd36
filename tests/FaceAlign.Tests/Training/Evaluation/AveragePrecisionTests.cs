using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class AveragePrecisionTests
{
    private static DetectedFace Det(Box box, float score) => new(box, score, new Vector2[5]);

    private static DetectionGroundTruth Truth(string name, Box[] faces, params Box[] ignore) => new(name, faces, ignore);

    [Fact]
    public void All_point_ap_matches_a_hand_computation()
    {
        // Three faces in two images. In score order: hit (a1), miss, hit (b1), duplicate of b1, and a2 is never found.
        //   recall    1/3  1/3  2/3  2/3
        //   precision 1    1/2  2/3  1/2
        // envelope:  1 at recall 1/3, 2/3 at recall 2/3  ⇒  AP = 1/3·1 + 1/3·2/3 = 5/9.
        var a1 = new Box(0, 0, 40, 40);
        var a2 = new Box(100, 0, 60, 60);
        var b1 = new Box(10, 10, 100, 100);
        var truths = new[] { Truth("a", [a1, a2]), Truth("b", [b1]) };
        IReadOnlyList<DetectedFace>[] detections =
        [
            [Det(a1.Offset(2, 0), 0.9f), Det(new Box(300, 300, 20, 20), 0.8f)],
            [Det(b1.Offset(0, 5), 0.7f), Det(b1.Offset(5, 0), 0.6f)],
        ];
        var report = AveragePrecision.Evaluate(truths, detections, scoreThreshold: 0.65);
        Assert.Equal(5.0 / 9, report.Ap, 12);
        Assert.Equal([1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0], report.Curve.Select(p => p.Recall));
        Assert.Equal([1, 0.5, 2 / 3.0, 0.5], report.Curve.Select(p => p.Precision));
        // At score ≥ 0.65: a1 and b1 found, one false positive (image a).
        Assert.Equal((2, 1), (report.TruePositives, report.FalsePositives));
        Assert.Equal(2 / 3.0, report.Recall, 12);
        Assert.Equal(2 / 3.0, report.Precision, 12);
        Assert.Equal([1, 0], report.FalsePositivesPerImage);
        // Sizes: a1 40 px (40–80 bucket), a2 60 px (same bucket), b1 100 px.
        Assert.Equal([(0, 0), (2, 1), (1, 1)], report.RecallBySize.Select(b => (b.Faces, b.Found)));
    }

    [Fact]
    public void All_point_interpolation_of_a_given_curve()
    {
        // Recall steps 0.2, 0.2, 0.4 (to 0.8) under envelope 1, 0.8, 0.6 — the saw-tooth at 0.5 is lifted to 0.6.
        double ap = AveragePrecision.AllPoint([0.2, 0.4, 0.4, 0.8], [1, 0.8, 0.5, 0.6]);
        Assert.Equal(0.2 * 1 + 0.2 * 0.8 + 0.4 * 0.6, ap, 12);
        Assert.Equal(0, AveragePrecision.AllPoint([], []));
        Assert.Throws<ArgumentException>(() => AveragePrecision.AllPoint([0.5, 0.4], [1, 1]));
    }

    [Fact]
    public void Detections_on_ignore_regions_count_neither_way()
    {
        var face = new Box(0, 0, 50, 50);
        var crowd = new Box(200, 200, 300, 300); // a large ignore region: detections inside it are covered, not IoU-matched
        var truths = new[] { Truth("a", [face], crowd) };
        IReadOnlyList<DetectedFace>[] detections =
        [
            [Det(new Box(250, 250, 30, 30), 0.95f), Det(face, 0.9f), Det(new Box(480, 480, 40, 40), 0.8f)],
        ];
        var report = AveragePrecision.Evaluate(truths, detections);
        // The first is inside the region (ignored); the third has only 1/4 of its area inside (a false positive).
        Assert.Equal(1, report.IgnoredDetections);
        Assert.Equal((1, 1), (report.TruePositives, report.FalsePositives));
        Assert.Equal(1.0, report.Ap, 12);
        Assert.Equal(2, report.Curve.Count);
    }

    [Fact]
    public void Each_detection_takes_the_best_unmatched_face_at_the_iou_threshold()
    {
        // Two overlapping faces; the top detection fits the right one better, the second can still take the left one.
        var left = new Box(0, 0, 40, 40);
        var right = new Box(12, 0, 40, 40);
        var truths = new[] { Truth("a", [left, right]) };
        IReadOnlyList<DetectedFace>[] detections = [[Det(new Box(10, 0, 40, 40), 0.9f), Det(new Box(2, 0, 40, 40), 0.8f)]];
        var report = AveragePrecision.Evaluate(truths, detections);
        Assert.Equal(1.0, report.Ap, 12);
        // IoU just under the threshold is a miss: 40×40 boxes shifted by 14 px overlap 26·40 / (2·1600 − 1040) = 0.48.
        var shifted = AveragePrecision.Evaluate([Truth("a", [left])], [[Det(left.Offset(14, 0), 0.9f)]]);
        Assert.Equal((0, 1), (shifted.TruePositives, shifted.FalsePositives));
        Assert.Equal(0, shifted.Ap);
    }

    [Fact]
    public void A_noisy_detector_that_finds_every_face_ranks_them_above_its_false_alarms()
    {
        // A stand-in detector: every ground-truth box jittered by up to 10 % (IoU stays above 0.5), scores 0.5–1, plus
        // false alarms scoring below every true face. Every face is found before any false alarm: AP is exactly 1.
        var random = new Random(7);
        var truths = new List<DetectionGroundTruth>();
        var detections = new List<IReadOnlyList<DetectedFace>>();
        for (int i = 0; i < 20; i++)
        {
            var faces = Enumerable.Range(0, 1 + i % 4).Select(k => new Box(k * 120 + 5, 10 + i, 20 + 7 * k + i, 24 + 5 * k)).ToArray();
            truths.Add(Truth($"img{i}", faces));
            var found = faces.Select(f => Det(new Box(
                f.X + (float)(random.NextDouble() - 0.5) * 0.2f * f.Width,
                f.Y + (float)(random.NextDouble() - 0.5) * 0.2f * f.Height,
                f.Width * (float)(0.95 + 0.1 * random.NextDouble()),
                f.Height * (float)(0.95 + 0.1 * random.NextDouble())), 0.5f + 0.5f * (float)random.NextDouble())).ToList();
            found.Add(Det(new Box(600, 600, 30, 30), 0.4f * (float)random.NextDouble()));
            detections.Add(found);
        }
        var report = AveragePrecision.Evaluate(truths, detections, scoreThreshold: 0.45);
        Assert.Equal(1.0, report.Ap, 12);
        Assert.Equal((report.Faces, 0), (report.TruePositives, report.FalsePositives));
        Assert.Equal(1.0, report.Recall);
        Assert.Equal(50, report.Faces);
        Assert.Equal(report.Faces, report.RecallBySize.Sum(b => b.Faces));

        // Swap the ranks: the 20 false alarms now outscore every face. After them the k-th face comes at precision
        // k/(k + 20), which rises with k, so the monotone envelope is the final precision 50/70 at every recall: AP = 5/7.
        var late = detections.Select(d => (IReadOnlyList<DetectedFace>)d.Select(f => f.Box.X == 600 ? f with { Score = 2f } : f).ToList()).ToList();
        var lateReport = AveragePrecision.Evaluate(truths, late);
        double expected = 5.0 / 7;
        Assert.Equal(expected, lateReport.Ap, 12);
    }

    [Fact]
    public void Images_without_faces_count_only_false_positives()
    {
        var report = AveragePrecision.Evaluate([Truth("cat", [])], [[Det(new Box(1, 1, 9, 9), 0.7f), Det(new Box(1, 1, 9, 9), 0.2f)]]);
        Assert.True(double.IsNaN(report.Ap));
        Assert.Equal(1, report.FalsePositives);
        Assert.Equal([1], report.FalsePositivesPerImage);
        Assert.True(double.IsNaN(report.Recall));
    }

    [Fact]
    public void Mismatched_inputs_and_bad_scores_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => AveragePrecision.Evaluate([Truth("a", [])], []));
        Assert.Throws<ArgumentException>(() => AveragePrecision.Evaluate([Truth("a", [])], [[Det(new Box(0, 0, 1, 1), float.NaN)]]));
    }
}
