using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class UmeyamaTests
{
    private static Vector2[] RandomPoints(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => new Vector2((float)random.NextDouble() * 100, (float)random.NextDouble() * 100)).ToArray();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Recovers_an_exact_similarity()
    {
        var truth = new SimilarityTransform(1.7, 2.5, -30, 44);
        var src = RandomPoints(new Random(1), 5);
        var dst = src.Select(truth.Apply).ToArray();
        var fit = Umeyama.Fit(src, dst);
        Assert.Equal(truth.Scale, fit.Scale, 5);
        Assert.Equal(truth.Rotation, fit.Rotation, 5);
        Assert.Equal(truth.TranslationX, fit.TranslationX, 3);
        Assert.Equal(truth.TranslationY, fit.TranslationY, 3);
    }

    [Fact]
    public void Recovers_a_known_similarity_from_noisy_points()
    {
        var random = new Random(42);
        var truth = new SimilarityTransform(0.8, -0.6, 12, -7);
        var src = RandomPoints(random, 68);
        var dst = src.Select(p => truth.Apply(p) + new Vector2((float)Gaussian(random), (float)Gaussian(random)) * 0.5f).ToArray();
        var fit = Umeyama.Fit(src, dst);
        Assert.Equal(truth.Scale, fit.Scale, 2);
        Assert.Equal(truth.Rotation, fit.Rotation, 2);
        Assert.InRange(fit.TranslationX, truth.TranslationX - 0.5, truth.TranslationX + 0.5);
        Assert.InRange(fit.TranslationY, truth.TranslationY - 0.5, truth.TranslationY + 0.5);
    }

    [Fact]
    public void Fit_is_the_least_squares_optimum()
    {
        // Nudging any parameter of the fitted similarity must not lower the squared residual.
        var random = new Random(3);
        var src = RandomPoints(random, 20);
        var dst = RandomPoints(random, 20);
        var fit = Umeyama.Fit(src, dst);
        double Cost(SimilarityTransform t) => src.Zip(dst, (s, d) => (double)Vector2.DistanceSquared(t.Apply(s), d)).Sum();
        double best = Cost(fit);
        foreach (var nudged in new[]
        {
            fit with { Scale = fit.Scale * 1.01 }, fit with { Scale = fit.Scale * 0.99 },
            fit with { Rotation = fit.Rotation + 0.01 }, fit with { Rotation = fit.Rotation - 0.01 },
            fit with { TranslationX = fit.TranslationX + 0.1 }, fit with { TranslationY = fit.TranslationY - 0.1 },
        })
            Assert.True(Cost(nudged) >= best - 1e-6, $"{nudged} beats the fit");
    }

    [Fact]
    public void Zero_weight_ignores_an_outlier()
    {
        var truth = new SimilarityTransform(2, 0.3, 1, 2);
        var src = RandomPoints(new Random(4), 6);
        var dst = src.Select(truth.Apply).ToArray();
        dst[2] += new Vector2(500, -300);
        var fit = Umeyama.Fit(src, dst, [1, 1, 0, 1, 1, 1]);
        Assert.Equal(truth.Scale, fit.Scale, 4);
        Assert.Equal(truth.Rotation, fit.Rotation, 4);
    }

    [Fact]
    public void Mirrored_target_still_gives_a_proper_rotation()
    {
        // A reflection is not a similarity; the fit must stay orientation-preserving (positive determinant).
        var src = RandomPoints(new Random(5), 10);
        var dst = src.Select(p => new Vector2(-p.X, p.Y)).ToArray();
        var fit = Umeyama.Fit(src, dst);
        Assert.True(fit.Scale >= 0);
        Assert.True(fit.ToAffine().Determinant >= 0);
    }

    [Fact]
    public void Degenerate_input_is_an_argument_error()
    {
        Vector2[] one = [new(1, 2)];
        Vector2[] same = [new(3, 3), new(3, 3), new(3, 3)];
        Vector2[] three = [new(0, 0), new(1, 0), new(0, 1)];
        Assert.Throws<ArgumentException>(() => Umeyama.Fit([], []));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(one, one));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(same, three));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(three, one));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(three, three, [1, 1]));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(three, three, [0, 0, 0]));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit(three, three, [1, -1, 1]));
        Assert.Throws<ArgumentException>(() => Umeyama.Fit([new(float.NaN, 0), new(1, 1)], [new(0, 0), new(1, 1)]));
    }
}
