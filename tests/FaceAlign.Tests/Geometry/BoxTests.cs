using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class BoxTests
{
    [Fact]
    public void IoU_of_identical_disjoint_and_half_overlapping_boxes()
    {
        var a = new Box(0, 0, 10, 10);
        Assert.Equal(1f, a.IoU(a), 6);
        Assert.Equal(0f, a.IoU(new Box(20, 20, 5, 5)));
        // Overlap 5×10 = 50; union 150.
        Assert.Equal(50f / 150f, a.IoU(new Box(5, 0, 10, 10)), 6);
        Assert.Equal(0f, a.IoU(new Box(10, 0, 10, 10))); // touching edges share no area
    }

    [Fact]
    public void From_points_is_the_tight_bounding_box()
    {
        Vector2[] points = [new(3, 9), new(-1, 4), new(7, 5)];
        Assert.Equal(new Box(-1, 4, 8, 5), Box.FromPoints(points));
        Assert.Throws<ArgumentException>(() => Box.FromPoints([]));
    }

    [Fact]
    public void Square_scale_inflate_keep_the_centre()
    {
        var box = new Box(10, 20, 40, 20); // centre (30, 30)
        Assert.Equal(new Box(5, 5, 50, 50), box.ToSquare(1.25f));
        Assert.Equal(new Box(0, 25, 60, 10), box.Scale(1.5f) with { Y = 25, Height = 10 });
        Assert.Equal(new Vector2(30, 30), box.Scale(1.5f).Center);
        Assert.Equal(new Box(8, 18, 44, 24), box.Inflate(2));
    }

    [Fact]
    public void Clamp_intersect_and_contains()
    {
        Assert.Equal(new Box(0, 5, 12, 5), new Box(-3, 5, 15, 10).Clamp(12, 10));
        Assert.True(new Box(20, 20, 5, 5).Intersect(new Box(0, 0, 10, 10)).IsEmpty);
        var box = new Box(0, 0, 2, 2);
        Assert.True(box.Contains(new Vector2(0, 0)));
        Assert.False(box.Contains(new Vector2(2, 1)));
        Assert.Equal(new Box(1, -1, 2, 2), box.Offset(1, -1));
    }
}
