using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Pipeline;

namespace FaceAlign.Tests.Pipeline;

/// <summary>
/// The two-pass landmark stage against a synthetic "model" whose answers drift toward the box it is given — the
/// failure a real crop-based model shows when its crop is framed differently from training. Synthetic data only:
/// whether the second pass pays off for the trained PFLD must be measured once the weights exist.
/// </summary>
public sealed class LandmarkPassesTests
{
    private static readonly Vector2[] Truth = [new(100, 100), new(160, 104), new(130, 140), new(108, 170), new(150, 172), new(130, 190)];

    /// <summary>Answers = truth pulled by <paramref name="pull"/> toward the given box's centre offset and scale error.</summary>
    private static Vector2[][] BiasedModel(IReadOnlyList<Box> boxes, float pull, List<Box> calls)
    {
        calls.AddRange(boxes);
        var truthBox = Box.FromPoints(Truth);
        return boxes.Select(b =>
        {
            var shift = (b.Center - truthBox.Center) * pull;
            float scale = 1 + pull * (b.Width / truthBox.Width - 1);
            return Truth.Select(p => truthBox.Center + (p - truthBox.Center) * scale + shift).ToArray();
        }).ToArray();
    }

    private static float MeanError(Vector2[] points) => points.Zip(Truth, (p, t) => Vector2.Distance(p, t)).Average();

    [Fact]
    public void Second_pass_runs_on_the_first_answers_box_and_reduces_the_drift()
    {
        var badBox = new Box(80, 60, 110, 120); // a detector box mapped imperfectly: too big and too high
        var calls = new List<Box>();
        var (once, _) = LandmarkPasses.Run(b => BiasedModel(b, 0.5f, calls), [badBox], refine: false);
        calls.Clear();
        var (twice, used) = LandmarkPasses.Run(b => BiasedModel(b, 0.5f, calls), [badBox], refine: true);

        Assert.Equal([badBox, Box.FromPoints(once[0])], calls);
        Assert.Equal(Box.FromPoints(once[0]), used[0]);
        Assert.True(MeanError(twice[0]) < 0.6f * MeanError(once[0]), $"one pass {MeanError(once[0])}, two {MeanError(twice[0])}");
    }

    [Fact]
    public void A_degenerate_first_answer_keeps_the_first_pass()
    {
        int calls = 0;
        Vector2[][] Collapse(IReadOnlyList<Box> boxes)
        {
            calls++;
            return boxes.Select(_ => Enumerable.Repeat(new Vector2(5, 5), 6).ToArray()).ToArray();
        }
        var (points, used) = LandmarkPasses.Run(Collapse, [new Box(0, 0, 10, 10)], refine: true);
        Assert.Equal(1, calls);
        Assert.Equal(new Box(0, 0, 10, 10), used[0]);
        Assert.Equal(new Vector2(5, 5), points[0][0]);
    }
}
