using FaceAlign.Geometry;
using FaceAlign.Pipeline;

namespace FaceAlign.Tests.Pipeline;

public sealed class DetectorToLandmarkBoxTests
{
    private static readonly DetectorToLandmarkBox Known = new(0.02, -0.01, 0.03, 0.11, 0.95, 0.04, -0.05, 0.83);

    /// <summary>Detector boxes of many sizes, positions and aspect ratios.</summary>
    private static List<Box> DetectorBoxes(int count, int seed, bool fixedAspect = false)
    {
        var rng = new Random(seed);
        var boxes = new List<Box>();
        for (int i = 0; i < count; i++)
        {
            float w = 20 + 300 * rng.NextSingle(), h = fixedAspect ? 1.25f * w : w * (0.9f + 0.6f * rng.NextSingle());
            boxes.Add(new Box(-50 + 1000 * rng.NextSingle(), -50 + 700 * rng.NextSingle(), w, h));
        }
        return boxes;
    }

    [Fact]
    public void Apply_follows_the_documented_formula()
    {
        var box = new Box(10, 20, 100, 120);
        var mapped = Known.Apply(box);
        Assert.Equal(60 + 0.02 * 100 - 0.01 * 120, mapped.CenterX, 4);
        Assert.Equal(80 + 0.03 * 100 + 0.11 * 120, mapped.CenterY, 4);
        Assert.Equal(0.95 * 100 + 0.04 * 120, mapped.Width, 4);
        Assert.Equal(-0.05 * 100 + 0.83 * 120, mapped.Height, 4);
        Assert.Equal(box, DetectorToLandmarkBox.Identity.Apply(box));
    }

    [Fact]
    public void Fit_recovers_a_known_mapping_from_exact_pairs()
    {
        var pairs = DetectorBoxes(50, seed: 1).Select(d => (d, Known.Apply(d))).ToList();
        var fit = DetectorToLandmarkBox.Fit(pairs);
        AssertClose(Known, fit, 1e-4);
    }

    [Fact]
    public void Fit_with_noisy_landmark_boxes_lands_near_the_truth()
    {
        var rng = new Random(2);
        var pairs = DetectorBoxes(2000, seed: 3).Select(d =>
        {
            var l = Known.Apply(d);
            float n() => (rng.NextSingle() - 0.5f) * 0.04f * d.Width; // ±2 % of the face width
            return (d, new Box(l.X + n(), l.Y + n(), l.Width + n(), l.Height + n()));
        }).ToList();
        AssertClose(Known, DetectorToLandmarkBox.Fit(pairs), 0.01);
    }

    [Fact]
    public void Fit_on_boxes_of_one_aspect_ratio_still_reproduces_the_pairs()
    {
        // Width and height are collinear: the coefficients are not identifiable, their effect on such boxes is.
        var boxes = DetectorBoxes(40, seed: 4, fixedAspect: true);
        var fit = DetectorToLandmarkBox.Fit(boxes.Select(d => (d, Known.Apply(d))));
        foreach (var d in boxes)
        {
            Box expected = Known.Apply(d), actual = fit.Apply(d);
            Assert.Equal(expected.X, actual.X, 2);
            Assert.Equal(expected.Y, actual.Y, 2);
            Assert.Equal(expected.Width, actual.Width, 2);
            Assert.Equal(expected.Height, actual.Height, 2);
        }
    }

    [Fact]
    public void Fit_rejects_no_pairs_and_empty_boxes()
    {
        Assert.Throws<ArgumentException>(() => DetectorToLandmarkBox.Fit([]));
        Assert.Throws<ArgumentException>(() => DetectorToLandmarkBox.Fit([(new Box(0, 0, 10, 10), new Box(0, 0, 0, 5))]));
        Assert.Throws<ArgumentException>(() => DetectorToLandmarkBox.Fit([(new Box(float.NaN, 0, 10, 10), new Box(0, 0, 5, 5))]));
    }

    private static void AssertClose(DetectorToLandmarkBox expected, DetectorToLandmarkBox actual, double tolerance)
    {
        double[] e = [expected.CxW, expected.CxH, expected.CyW, expected.CyH, expected.WW, expected.WH, expected.HW, expected.HH];
        double[] a = [actual.CxW, actual.CxH, actual.CyW, actual.CyH, actual.WW, actual.WH, actual.HW, actual.HH];
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"coefficient {i}: expected {e[i]}, fitted {a[i]}");
    }
}
