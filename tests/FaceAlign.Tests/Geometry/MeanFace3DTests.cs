using FaceAlign.Geometry;
using FaceAlign.Landmarks;

namespace FaceAlign.Tests.Geometry;

public class MeanFace3DTests
{
    [Fact]
    public void Model_is_mirror_symmetric_under_the_ibug_flip_permutation()
    {
        var indices = MeanFace3D.Ibug68Indices.ToArray();
        var points = MeanFace3D.Points;
        Assert.Equal(14, indices.Length);
        Assert.Equal(14, points.Length);
        var flip = LandmarkScheme.Ibug68.FlipPermutation;
        for (int k = 0; k < indices.Length; k++)
        {
            int partner = Array.IndexOf(indices, flip[indices[k]]);
            Assert.True(partner >= 0, $"mirror of iBUG {indices[k]} is missing");
            Assert.Equal(-points[k].X, points[partner].X);
            Assert.Equal(points[k].Y, points[partner].Y);
            Assert.Equal(points[k].Z, points[partner].Z);
        }
    }

    [Fact]
    public void Frontal_model_lies_in_camera_axes()
    {
        var p = MeanFace3D.Points;
        int At(int ibug) => MeanFace3D.Ibug68Indices.IndexOf(ibug);
        Assert.True(p[At(36)].X < p[At(39)].X && p[At(39)].X < p[At(42)].X && p[At(42)].X < p[At(45)].X); // left to right
        Assert.True(p[At(17)].Y < p[At(36)].Y && p[At(36)].Y < p[At(31)].Y && p[At(31)].Y < p[At(57)].Y && p[At(57)].Y < p[At(8)].Y); // top to bottom
        Assert.True(p[At(31)].Z < p[At(39)].Z && p[At(39)].Z < p[At(36)].Z); // nose nearer the camera than the eyes
    }
}
