using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Tests.Training.DetectionData;

public class FaceFreeRegionsTests
{
    [Fact]
    public void Strips_around_the_faces_never_touch_a_face_box_or_its_hair()
    {
        var face = MosaicTestData.Face68(new Vector2(100, 120), 80); // detector box about x 56–144, y 86–142
        var photo = new FacePhoto("p.png", [face]);
        var strips = FaceFreeRegions.Of(photo, 300, 260);
        var box = DetectorBoxConvention.FromLandmarks68(face);
        var hair = FaceAlign.Geometry.Box.FromCorners(box.X, box.Y - 0.6f * box.Height, box.Right, box.Y);
        Assert.Equal(4, strips.Count);
        foreach (var strip in strips)
        {
            Assert.True(strip.Intersect(box).IsEmpty && strip.Intersect(hair).IsEmpty, $"{strip} meets the face");
            Assert.True(strip.X >= 0 && strip.Y >= 0 && strip.Right <= 300 && strip.Bottom <= 260);
        }
    }

    [Fact]
    public void A_face_filling_the_photo_leaves_no_strip()
    {
        var photo = new FacePhoto("p.png", [MosaicTestData.Face68(new Vector2(50, 50), 90)]);
        Assert.Empty(FaceFreeRegions.Of(photo, 100, 100));
    }
}
