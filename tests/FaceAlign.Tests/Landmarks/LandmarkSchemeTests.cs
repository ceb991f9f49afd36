using System.Numerics;
using FaceAlign.Landmarks;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Landmarks;

public class LandmarkSchemeTests
{
    public static TheoryData<string> Schemes => new() { "ibug68", "wflw98", "five" };

    private static LandmarkScheme ByName(string name) => name switch
    {
        "ibug68" => LandmarkScheme.Ibug68,
        "wflw98" => LandmarkScheme.Wflw98,
        _ => LandmarkScheme.Five,
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Flip_permutation_is_an_involution_and_flipping_twice_is_the_identity(string name)
    {
        var scheme = ByName(name);
        var perm = scheme.FlipPermutation.ToArray();
        Assert.Equal(Enumerable.Range(0, scheme.PointCount), perm.Order());
        for (int i = 0; i < perm.Length; i++)
            Assert.Equal(i, perm[perm[i]]);

        var rng = new Random(1);
        var points = Enumerable.Range(0, scheme.PointCount).Select(_ => new Vector2(rng.Next(200), rng.Next(100))).ToArray();
        Assert.Equal(points, scheme.Flip(scheme.Flip(points, 200), 200));
    }

    [Fact]
    public void Point_counts_and_eye_indices_are_the_published_ones()
    {
        Assert.Equal((68, 98, 5), (LandmarkScheme.Ibug68.PointCount, LandmarkScheme.Wflw98.PointCount, LandmarkScheme.Five.PointCount));
        Assert.Equal((36, 45), LandmarkScheme.Ibug68.OuterEyeCorners);
        Assert.Equal((60, 72), LandmarkScheme.Wflw98.OuterEyeCorners);
        Assert.Null(LandmarkScheme.Five.OuterEyeCorners);
        Assert.Same(LandmarkScheme.Wflw98, LandmarkScheme.ForPointCount(98));
        Assert.Throws<NotSupportedException>(() => LandmarkScheme.ForPointCount(19));
    }

    [Fact]
    public void A_symmetric_five_point_face_flips_onto_itself()
    {
        // Symmetric about x = 20 in a 40-pixel-wide image: mirroring and renumbering must give the same points.
        Vector2[] face = [new(10, 20), new(30, 20), new(20, 30), new(12, 40), new(28, 40)];
        Assert.Equal(face, LandmarkScheme.Five.Flip(face, 40));
        // Shifted right by 3, the mirror image is shifted left by 3.
        var shifted = face.Select(p => p + new Vector2(3, 0)).ToArray();
        Assert.Equal(face.Select(p => p - new Vector2(3, 0)), LandmarkScheme.Five.Flip(shifted, 40));
    }

    [Fact]
    public void Eye_centres_are_means_of_eye_points_or_the_pupil_points()
    {
        var ibug = Enumerable.Range(0, 68).Select(i => new Vector2(i, 2 * i)).ToArray();
        // Mean of 36..41 is 38.5; of 42..47 is 44.5.
        Assert.Equal(new Vector2(38.5f, 77), LandmarkScheme.Ibug68.LeftEyeCentre(ibug));
        Assert.Equal(new Vector2(44.5f, 89), LandmarkScheme.Ibug68.RightEyeCentre(ibug));
        var wflw = Enumerable.Range(0, 98).Select(i => new Vector2(i, 0)).ToArray();
        Assert.Equal(new Vector2(96, 0), LandmarkScheme.Wflw98.LeftEyeCentre(wflw));
        Assert.Equal(new Vector2(97, 0), LandmarkScheme.Wflw98.RightEyeCentre(wflw));
        Assert.Throws<ArgumentException>(() => LandmarkScheme.Ibug68.LeftEyeCentre(wflw));
    }

    [Fact]
    public void Wflw_and_ibug_flip_tables_agree_through_the_98_to_68_map()
    {
        // Two independently sourced tables (300-W pairs, WFLW pairs) and the index map must commute:
        // flipping then converting equals converting then flipping.
        var map = LandmarkConversion.Wflw98ToIbug68Indices;
        var flip68 = LandmarkScheme.Ibug68.FlipPermutation;
        var flip98 = LandmarkScheme.Wflw98.FlipPermutation;
        for (int i = 0; i < 68; i++)
            Assert.Equal(map[flip68[i]], flip98[map[i]]);
    }

    [SkippableFact]
    public void Ibug_mirror_pairs_are_symmetric_on_the_ytf68_mean_face()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var faces = YtfCsv.Read(SharedData.PathOf("ytf68/train.csv"));
        var mean = ShapeStatistics.Mean(faces.Select(f => ShapeStatistics.EyeNormalised(f.Landmarks, 36, 45)));
        var flip = LandmarkScheme.Ibug68.FlipPermutation;
        for (int i = 0; i < 68; i++)
        {
            // Mirror partner reflected about the vertical midline (x → −x) must land on the point itself.
            var partner = mean[flip[i]];
            float error = Vector2.Distance(mean[i], new Vector2(-partner.X, partner.Y));
            Assert.True(error < 0.05f, $"point {i} and its mirror {flip[i]} differ by {error:F3} inter-ocular");
        }
        // The check has teeth: swapping 40↔46 instead of 40↔47 breaks it.
        Assert.True(Vector2.Distance(mean[40], new Vector2(-mean[46].X, mean[46].Y)) > 0.05f);
    }
}
