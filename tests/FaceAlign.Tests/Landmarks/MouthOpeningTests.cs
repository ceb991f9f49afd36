using System.Numerics;
using FaceAlign.Landmarks;

namespace FaceAlign.Tests.Landmarks;

public class MouthOpeningTests
{
    private static Vector2[] Mouth(float gap)
    {
        var p = new Vector2[68];
        p[48] = new Vector2(0, 0);
        p[54] = new Vector2(10, 0);
        // Inner-lip gaps gap−1, gap+1 and gap around the middle: mean is gap.
        (p[61], p[67]) = (new Vector2(3, -(gap - 1) / 2), new Vector2(3, (gap - 1) / 2));
        (p[62], p[66]) = (new Vector2(5, -(gap + 1) / 2), new Vector2(5, (gap + 1) / 2));
        (p[63], p[65]) = (new Vector2(7, -gap / 2), new Vector2(7, gap / 2));
        return p;
    }

    [Fact]
    public void Ratio_is_mean_inner_lip_gap_over_mouth_width()
    {
        Assert.Equal(0.2f, MouthOpening.Ratio(Mouth(2)), 5);
        Assert.True(MouthOpening.IsOpen(Mouth(2)));
        Assert.False(MouthOpening.IsOpen(Mouth(1.2f)));
        Assert.Equal(0f, MouthOpening.Ratio(new Vector2[68]));
    }
}
