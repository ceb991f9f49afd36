// Max/average/global pooling and nearest/bilinear resizing against naive double references (PyTorch index rules).
using FaceAlign.Nn;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class PoolingAndResizeTests
{
    [Theory]
    [InlineData(3, 2, 1, 7, 6)]
    [InlineData(2, 2, 0, 8, 5)]
    [InlineData(3, 1, 1, 5, 5)]
    public void MaxPool_and_AvgPool_match_reference(int k, int stride, int pad, int h, int w)
    {
        var rng = new Random(k * 10 + h);
        GradCheck.Check([GradCheck.Random(rng, 2, 3, h, w)], t => Functional.MaxPool2d(t[0], k, stride, pad),
            d => NaiveOps.Pool(d[0], 6, h, w, k, stride, pad, max: true));
        GradCheck.Check([GradCheck.Random(rng, 2, 3, h, w)], t => Functional.AvgPool2d(t[0], k, stride, pad),
            d => NaiveOps.Pool(d[0], 6, h, w, k, stride, pad, max: false));
    }

    [Fact]
    public void Global_average_pool_is_the_plane_mean()
    {
        var rng = new Random(21);
        GradCheck.Check([GradCheck.Random(rng, 2, 3, 5, 4)], t => Functional.GlobalAvgPool2d(t[0]),
            d => Enumerable.Range(0, 6).Select(p => d[0].Skip(p * 20).Take(20).Average()).ToArray());
    }

    [Theory]
    [InlineData(3, 4, 6, 8)]   // ×2, the FPN case
    [InlineData(5, 3, 9, 7)]   // odd target sizes, as RetinaFace matches feature maps
    [InlineData(4, 4, 4, 4)]   // identity
    public void Nearest_and_bilinear_resize_match_pytorch_rules(int h, int w, int ho, int wo)
    {
        var rng = new Random(h * 7 + wo);
        GradCheck.Check([GradCheck.Random(rng, 2, 2, h, w)], t => Functional.UpsampleNearest(t[0], ho, wo),
            d => NaiveOps.Nearest(d[0], 4, h, w, ho, wo));
        GradCheck.Check([GradCheck.Random(rng, 2, 2, h, w)], t => Functional.UpsampleBilinear(t[0], ho, wo),
            d => NaiveOps.Bilinear(d[0], 4, h, w, ho, wo));
    }

    [Fact]
    public void Bilinear_x2_of_a_2x2_matches_hand_worked_values()
    {
        // align_corners=False: output x positions map to src 0, 0.25, 0.75, 1 (clamped at 0 and at the last
        // pixel), so row [0, 4] upsamples to [0, 1, 3, 4]; rows [0,4] / [8,12] give the 4×4 grid below.
        var y = Functional.UpsampleBilinear(Tensor.FromArray([0, 4, 8, 12], 1, 1, 2, 2), 4, 4);
        Assert.Equal([0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12], y.ToArray());
    }
}
