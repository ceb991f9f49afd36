using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class SimilarityTransformTests
{
    [Fact]
    public void To_affine_matches_scale_rotation_translation_by_hand()
    {
        // s = 2, θ = 30°: (1, 0) ↦ 2·(cos 30°, sin 30°) + (5, 6) = (6.732, 7).
        var s = new SimilarityTransform(2, Math.PI / 6, 5, 6);
        var p = s.Apply(new Vector2(1, 0));
        Assert.Equal(5 + Math.Sqrt(3), p.X, 4);
        Assert.Equal(7, p.Y, 4);
    }

    [Fact]
    public void Invert_round_trips()
    {
        var s = new SimilarityTransform(0.37, -2.1, 14, -3);
        var p = new Vector2(12, 34);
        var back = s.Invert().Apply(s.Apply(p));
        Assert.True(Vector2.Distance(p, back) < 1e-3f, $"{back}");
        Assert.Throws<InvalidOperationException>(() => new SimilarityTransform(0, 1, 2, 3).Invert());
    }
}
