using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class AveragePrecisionTests
{
    private static DetectedFace Face(Box box, float score) => new(box, score, new Vector2[5]);

    [Fact]
    public void Matches_a_hand_computation_with_a_false_positive_and_a_duplicate()
    {
        var a = new Box(0, 0, 10, 10);
        var b = new Box(50, 50, 20, 20);
        var images = new List<(IReadOnlyList<DetectedFace>, IReadOnlyList<Box>)>
        {
            ([Face(a, 0.9f), Face(new Box(30, 30, 5, 5), 0.8f)], [a]),
            ([Face(new Box(52, 50, 20, 20), 0.7f), Face(b, 0.6f)], [b]),  // the second claims an already matched face
        };
        var scores = AveragePrecision.Evaluate(images);
        // Ranked TP, FP, TP, FP: precision 1, 1/2, 2/3, 1/2 at recall 1/2, 1/2, 1, 1 → AP = ½·1 + ½·⅔.
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, scores.AveragePrecision, 5);
        Assert.Equal(1f, scores.Recall);
        Assert.Equal(0.5f, scores.Precision);
        Assert.Equal(2, scores.Faces);
        Assert.Equal(4, scores.Detections);
    }

    [Fact]
    public void Perfect_detections_score_one_and_none_score_zero()
    {
        var truth = new Box(5, 5, 10, 10);
        Assert.Equal(1f, AveragePrecision.Evaluate([([Face(truth, 0.3f)], [truth])]).AveragePrecision);
        var empty = AveragePrecision.Evaluate([([], [truth])]);
        Assert.Equal(0f, empty.AveragePrecision);
        Assert.Equal(0f, empty.Recall);
        // Below the working threshold a detection still counts for AP but not for recall at 0.5.
        Assert.Equal(0f, AveragePrecision.Evaluate([([Face(truth, 0.3f)], [truth])]).Recall);
    }
}
