using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class EulerAnglesTests
{
    // The nose direction of a frontal face is −z (toward the camera).
    private static (double X, double Y, double Z) Nose(EulerAngles a) => a.ToMatrix().Transform((0, 0, -1));

    [Fact]
    public void Signs_match_the_documented_image_directions()
    {
        Assert.True(Nose(new EulerAngles(30, 0, 0)).X > 0.49);   // yaw > 0: nose toward image right
        Assert.True(Nose(new EulerAngles(0, 20, 0)).Y < -0.34);  // pitch > 0: nose up (y points down)
        // roll > 0: clockwise in the image — the x axis (eye line) tips toward +y (down).
        var eyeLine = new EulerAngles(0, 0, 10).ToMatrix().Transform((1, 0, 0));
        Assert.True(eyeLine.Y > 0.17);
        Assert.Equal(Matrix3.Identity, new EulerAngles(0, 0, 0).ToMatrix());
    }

    [Fact]
    public void Matrix_matches_hand_written_product_and_decomposes_back()
    {
        for (double yaw = -80; yaw <= 80; yaw += 20)
        {
            for (double pitch = -60; pitch <= 60; pitch += 15)
            {
                for (double roll = -90; roll <= 90; roll += 30)
                {
                    var angles = new EulerAngles(yaw, pitch, roll);
                    var m = angles.ToMatrix();
                    // Independent construction with explicit trigonometry: Rz(roll)·Rx(−pitch)·Ry(−yaw).
                    double a = -yaw * Math.PI / 180, b = -pitch * Math.PI / 180, g = roll * Math.PI / 180;
                    double ca = Math.Cos(a), sa = Math.Sin(a), cb = Math.Cos(b), sb = Math.Sin(b), cg = Math.Cos(g), sg = Math.Sin(g);
                    Assert.Equal(sb, m.M32, 12);
                    Assert.Equal(-cb * sa, m.M31, 12);
                    Assert.Equal(cb * ca, m.M33, 12);
                    Assert.Equal(cg * ca - sg * sb * sa, m.M11, 12);
                    Assert.Equal(-sg * cb, m.M12, 12);

                    var back = EulerAngles.FromMatrix(m);
                    Assert.Equal(yaw, back.Yaw, 9);
                    Assert.Equal(pitch, back.Pitch, 9);
                    Assert.Equal(roll, back.Roll, 9);
                }
            }
        }
    }
}
