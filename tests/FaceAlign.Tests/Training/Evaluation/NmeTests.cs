using System.Numerics;
using FaceAlign.Landmarks;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class NmeTests
{
    // 68 points on a 17 × 4 grid with 10 px spacing: x 0..160, y 0..30. Point 36 = (20, 20), 45 = (110, 20);
    // eye 36..41 has mean (45, 20), eye 42..47 mean (105, 20).
    private static Vector2[] Grid() => Enumerable.Range(0, 68).Select(i => new Vector2(10 * (i % 17), 10 * (i / 17))).ToArray();

    [Fact]
    public void Shift_by_3_4_gives_error_5_over_each_normaliser()
    {
        var truth = Grid();
        var predicted = truth.Select(p => p + new Vector2(3, 4)).ToArray();
        var s = LandmarkScheme.Ibug68;
        Assert.Equal(5f / 90, Nme.Compute(predicted, truth, s, NmeNormalisation.InterOcular), 6);
        Assert.Equal(5f / 60, Nme.Compute(predicted, truth, s, NmeNormalisation.InterPupil), 6);
        Assert.Equal(5f / MathF.Sqrt(160 * 30), Nme.Compute(predicted, truth, s, NmeNormalisation.BoxSize), 6);
        Assert.Equal(5f / MathF.Sqrt(160 * 160 + 30 * 30), Nme.Compute(predicted, truth, s, NmeNormalisation.BoxDiagonal), 6);
    }

    [Fact]
    public void Per_landmark_errors_locate_a_single_displaced_point()
    {
        var truth = Grid();
        var predicted = (Vector2[])truth.Clone();
        predicted[7] += new Vector2(-6, 8);
        var errors = new float[68];
        Nme.PerLandmark(predicted, truth, LandmarkScheme.Ibug68, NmeNormalisation.InterOcular, errors);
        Assert.Equal(10f / 90, errors[7], 6);
        Assert.Equal(67, errors.Count(e => e == 0));
        Assert.Equal(10f / 90 / 68, Nme.Compute(predicted, truth, LandmarkScheme.Ibug68, NmeNormalisation.InterOcular), 6);
    }

    [Fact]
    public void Wflw_and_five_point_normalisers_use_their_own_eye_points()
    {
        var truth = new Vector2[98];
        truth[60] = new(10, 50);
        truth[72] = new(110, 50);
        truth[96] = new(30, 50);
        truth[97] = new(90, 50);
        Assert.Equal(100f, Nme.Normaliser(truth, LandmarkScheme.Wflw98, NmeNormalisation.InterOcular));
        Assert.Equal(60f, Nme.Normaliser(truth, LandmarkScheme.Wflw98, NmeNormalisation.InterPupil));
        Vector2[] five = [new(30, 40), new(70, 40), new(50, 60), new(35, 80), new(65, 80)];
        Assert.Equal(40f, Nme.Normaliser(five, LandmarkScheme.Five, NmeNormalisation.InterOcular));
    }

    [Fact]
    public void Degenerate_truth_and_mismatched_lengths_are_rejected()
    {
        var zero = new Vector2[68];
        Assert.Throws<ArgumentException>(() => Nme.Compute(zero, zero, LandmarkScheme.Ibug68, NmeNormalisation.InterOcular));
        Assert.Throws<ArgumentException>(() => Nme.Compute(new Vector2[67], Grid(), LandmarkScheme.Ibug68, NmeNormalisation.BoxSize));
    }
}
