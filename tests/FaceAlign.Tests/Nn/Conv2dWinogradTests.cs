// Conv2d's Winograd F(2×2, 3×3) route: forward and both gradients against the naive double reference on small shapes
// forced through it (WinogradUse.Always), including odd planes whose last tiles are cut, several groups
// of images, fused activations and an input gradient added to an existing one; then the real shape it is for (PFLD's
// auxiliary 128→128 conv at 14×14) against the im2col route, and the route predicate.
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class Conv2dWinogradTests
{
    private static Tensor Winograd(Tensor x, Tensor w, Tensor? b, Activation activation = Activation.None, float? leakySlope = null) =>
        Functional.Conv2d(x, w, b, 1, 1, 1, 1, activation, null, leakySlope, Functional.WinogradUse.Always);

    [Theory]
    [InlineData(2, 3, 6, 6, 4, true)]    // even plane: whole tiles
    [InlineData(3, 2, 5, 7, 3, true)]    // odd height and width: the last tile row and column cut
    [InlineData(1, 4, 1, 1, 2, false)]   // a 1×1 plane: one tile, three quarters cut
    [InlineData(2, 2, 2, 9, 2, true)]    // one tile row
    [InlineData(2, 2, 30, 30, 2, true)]  // 225 tiles per image: one image per group, two groups
    public void Matches_reference_forward_and_gradients(int n, int cin, int h, int w, int cout, bool bias)
    {
        var rng = new Random(n * 100 + cin * 10 + h + w);
        var inputs = new List<Tensor> { GradCheck.Random(rng, n, cin, h, w), GradCheck.Random(rng, cout, cin, 3, 3) };
        if (bias) inputs.Add(GradCheck.Random(rng, cout));
        GradCheck.Check([.. inputs],
            t => Winograd(t[0], t[1], bias ? t[2] : null),
            d => NaiveOps.Conv2d(d[0], n, cin, h, w, d[1], cout, 3, bias ? d[2] : null, 1, 1, 1, 1));
    }

    [Theory]
    [InlineData(Activation.Relu, null)]
    [InlineData(Activation.Relu6, null)]
    [InlineData(Activation.None, 0.1f)]
    public void Fused_activation_matches_reference_and_masks_gradient(Activation activation, float? slope)
    {
        var rng = new Random(17);
        int n = 2, c = 3, h = 5, w = 6;
        // Scaled up so ReLU6 clips some outputs at 6.
        var x = Tensor.Uniform(rng, -4f, 4f, n, c, h, w);
        var weight = Tensor.Uniform(rng, -1f, 1f, c, c, 3, 3);
        var b = GradCheck.Random(rng, c);
        double Act(double v) => slope is { } s ? (v > 0 ? v : s * v) : activation == Activation.Relu ? Math.Max(v, 0) : Math.Clamp(v, 0, 6);
        GradCheck.Check([x, weight, b],
            t => Winograd(t[0], t[1], t[2], activation, slope),
            d => NaiveOps.Map(NaiveOps.Conv2d(d[0], n, c, h, w, d[1], c, 3, d[2], 1, 1, 1, 1), Act));
    }

    [Fact]
    public void Input_gradient_is_added_to_an_existing_one()
    {
        // x feeds two convs: the second backward finds x's gradient already written and must add to it.
        var rng = new Random(23);
        int n = 2, c = 3, h = 5, w = 5;
        GradCheck.Check([GradCheck.Random(rng, n, c, h, w), GradCheck.Random(rng, c, c, 3, 3), GradCheck.Random(rng, c, c, 3, 3)],
            t => Functional.Add(Winograd(t[0], t[1], null), Winograd(t[0], t[2], null)),
            d =>
            {
                var a = NaiveOps.Conv2d(d[0], n, c, h, w, d[1], c, 3, null, 1, 1, 1, 1);
                var b = NaiveOps.Conv2d(d[0], n, c, h, w, d[2], c, 3, null, 1, 1, 1, 1);
                return a.Zip(b, (p, q) => p + q).ToArray();
            });
    }

    [Fact]
    public void Auxiliary_conv_shape_matches_the_im2col_route()
    {
        // PFLD's auxiliary conv2 (128→128, 3×3, 14×14) at 6 images: groups of 5 and 1. The im2col route is itself
        // checked against the reference in Conv2dTests; here the two must agree to float rounding.
        var rng = new Random(5);
        int n = 6, c = 128, hw = 14;
        var x = Tensor.Uniform(rng, -1f, 1f, n, c, hw, hw);
        var weight = Tensor.Uniform(rng, -0.05f, 0.05f, c, c, 3, 3);
        var bias = Tensor.Uniform(rng, -1f, 1f, c);
        var seed = Tensor.Uniform(rng, -1f, 1f, n, c, hw, hw);
        var viaWinograd = Run(Functional.WinogradUse.Always);
        var viaIm2Col = Run(Functional.WinogradUse.Never);
        string[] names = ["output", "x gradient", "weight gradient", "bias gradient"];
        for (int i = 0; i < names.Length; i++)
        {
            double err = GradCheck.MaxNormRelError(viaWinograd[i].Select(v => (double)v).ToArray(), viaIm2Col[i].Select(v => (double)v).ToArray());
            Assert.True(err < 1e-5, $"{names[i]}: Winograd and im2col differ by {err:E2} (relative to the largest value)");
        }

        float[][] Run(Functional.WinogradUse winograd)
        {
            foreach (var t in new[] { x, weight, bias })
            {
                t.ZeroGrad();
                t.RequiresGrad = true;
            }
            var y = Functional.Conv2d(x, weight, bias, 1, 1, 1, 1, Activation.None, null, null, winograd);
            y.Backward(seed);
            return [y.ToArray(), x.Grad!.ToArray(), weight.Grad!.ToArray(), bias.Grad!.ToArray()];
        }
    }

    [Theory]
    [InlineData(64, 128, 128, 14, 3, 1, 1, 1, true)]   // PFLD's auxiliary conv2 in training
    [InlineData(6, 64, 64, 14, 3, 1, 1, 1, true)]      // 294 tiles: more than one group's worth
    [InlineData(5, 64, 64, 14, 3, 1, 1, 1, false)]     // 245 tiles: the weight transform would not pay
    [InlineData(1, 128, 128, 14, 3, 1, 1, 1, false)]   // one image, as inference
    [InlineData(4, 64, 64, 40, 3, 1, 1, 1, false)]     // 400 tiles per image: past L2, DirectConv/im2col stay
    [InlineData(64, 32, 32, 14, 3, 1, 1, 1, false)]    // the detector's 32-channel pyramid keeps its measured routes
    [InlineData(64, 128, 128, 14, 3, 2, 1, 1, false)]  // stride 2
    [InlineData(64, 128, 128, 14, 3, 1, 1, 2, false)]  // grouped
    [InlineData(64, 128, 128, 14, 1, 1, 0, 1, false)]  // 1×1
    [InlineData(64, 128, 128, 14, 3, 1, 0, 1, false)]  // no padding: the output shrinks
    public void Route_is_taken_by_batches_of_small_3x3_stride_1_convs_with_many_channels(int n, int cin, int cout, int size, int k, int stride,
        int pad, int groups, bool winograd)
    {
        var g = new FaceAlign.Nn.ConvGeometry(size, size, k, k, stride, pad, 1);
        Assert.Equal(winograd, Functional.UsesWinograd(n, groups, g, cin, cout));
    }
}
