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
}
