using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class AffineTransformTests
{
    private static void Near(Vector2 expected, Vector2 actual, float tolerance = 1e-4f) =>
        Assert.True(Vector2.Distance(expected, actual) <= tolerance, $"expected {expected}, got {actual}");

    [Fact]
    public void Rotation_by_a_quarter_turn_is_clockwise_on_screen()
    {
        // y points down, so +90° takes the x axis (right) to the y axis (down).
        var r = AffineTransform.FromRotationScaleTranslation(Math.PI / 2, 2, 10, 20);
        Near(new Vector2(10, 22), r.Apply(new Vector2(1, 0)));
        Near(new Vector2(6, 20), r.Apply(new Vector2(0, 2)));
    }

    [Fact]
    public void Then_applies_left_to_right()
    {
        var translateThenScale = AffineTransform.Translation(1, 0).Then(AffineTransform.Scaling(3, 3));
        var scaleThenTranslate = AffineTransform.Scaling(3, 3).Then(AffineTransform.Translation(1, 0));
        Near(new Vector2(6, 0), translateThenScale.Apply(new Vector2(1, 0)));
        Near(new Vector2(4, 0), scaleThenTranslate.Apply(new Vector2(1, 0)));
    }

    [Fact]
    public void Compose_with_inverse_round_trips_random_transforms()
    {
        var random = new Random(1);
        for (int i = 0; i < 100; i++)
        {
            var t = new AffineTransform(
                random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble() * 200 - 100,
                random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble() * 200 - 100);
            if (Math.Abs(t.Determinant) < 0.05)
                continue;
            var p = new Vector2((float)random.NextDouble() * 100, (float)random.NextDouble() * 100);
            Near(p, t.Invert().Apply(t.Apply(p)), 1e-3f);
            var identity = t.Then(t.Invert());
            Assert.Equal(1, identity.M00, 9);
            Assert.Equal(0, identity.M01, 9);
            Assert.Equal(0, identity.M02, 8);
            Assert.Equal(0, identity.M10, 9);
            Assert.Equal(1, identity.M11, 9);
            Assert.Equal(0, identity.M12, 8);
        }
    }

    [Fact]
    public void Rotation_about_a_point_keeps_it_fixed()
    {
        var center = new Vector2(56, 40);
        var t = AffineTransform.RotationAbout(center, 0.8, 1.7);
        Near(center, t.Apply(center));
        Assert.Equal(1.7 * 1.7, t.Determinant, 9);
    }

    [Fact]
    public void Singular_transform_has_no_inverse()
    {
        var flat = new AffineTransform(1, 2, 3, 2, 4, 5);
        Assert.False(flat.TryInvert(out _));
        Assert.Throws<InvalidOperationException>(() => flat.Invert());
    }

    [Fact]
    public void Apply_to_a_span_maps_every_point()
    {
        var t = AffineTransform.Translation(1, 2);
        Vector2[] points = [new(0, 0), new(3, 4)];
        t.Apply(points, points);
        Assert.Equal([new Vector2(1, 2), new Vector2(4, 6)], points);
        Assert.Throws<ArgumentException>(() => t.Apply(points, new Vector2[1]));
    }
}
