// Conv2d forward and gradients against the naive double reference, over every route: general im2col (odd sizes,
// stride 2, padding, dilation, groups), pointwise 1×1, depthwise 3×3 (Kernels.DepthwiseConv3x3) and direct
// (Kernels.DirectConv: few taps, big planes, few-channel 1×1 on 512-multiple planes).
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class Conv2dTests
{
    [Theory]
    // n, cin, h, w, cout, k, stride, pad, dilation, groups, bias
    [InlineData(2, 3, 7, 6, 4, 3, 2, 1, 1, 1, true)]    // stride 2, padding, odd sizes
    [InlineData(1, 2, 9, 8, 3, 3, 1, 2, 2, 1, false)]   // dilation 2
    [InlineData(2, 4, 6, 7, 6, 3, 1, 0, 1, 2, true)]    // groups 2, no padding
    [InlineData(1, 3, 11, 9, 2, 5, 2, 2, 1, 1, true)]   // 5×5 stride 2
    [InlineData(2, 5, 5, 6, 3, 1, 1, 0, 1, 1, true)]    // pointwise route
    [InlineData(1, 4, 7, 7, 6, 1, 2, 0, 1, 2, false)]   // 1×1 stride 2, grouped: general route
    [InlineData(2, 3, 5, 5, 4, 5, 1, 0, 1, 1, true)]    // kernel covers the image (PFLD conv8): input is the column
    [InlineData(1, 4, 3, 3, 6, 3, 2, 0, 1, 2, false)]   // the same, grouped, stride 2
    [InlineData(2, 6, 7, 5, 6, 3, 1, 1, 1, 6, false)]   // depthwise 3×3 stride 1 route
    [InlineData(2, 5, 9, 8, 5, 3, 2, 1, 1, 5, true)]    // depthwise 3×3 stride 2 route with bias
    [InlineData(1, 4, 8, 8, 4, 3, 1, 2, 2, 4, false)]   // depthwise dilated: general route
    [InlineData(2, 3, 9, 11, 9, 3, 2, 1, 1, 1, true)]   // few taps (27): direct route, stride 2
    [InlineData(1, 4, 46, 46, 3, 3, 1, 1, 1, 1, false)] // 36 taps on 2116 output pixels: direct route
    [InlineData(1, 8, 16, 32, 3, 1, 1, 0, 1, 1, true)]  // 8-channel 1×1 on 512 pixels: direct route
    [InlineData(7, 4, 13, 13, 5, 3, 2, 1, 1, 1, true)]  // 7×7 outputs: batched route, groups of 5 + 2 images (245 columns)
    [InlineData(5, 4, 8, 8, 3, 3, 1, 1, 1, 1, false)]   // 8×8 outputs: batched, groups of 4 + 1
    [InlineData(3, 4, 7, 7, 6, 7, 1, 1, 1, 1, true)]    // 7×7 kernel, pad 1 on 7×7 (PFLD's auxiliary conv4): batched
    [InlineData(3, 3, 5, 5, 4, 5, 1, 0, 1, 1, true)]    // kernel covers the image, several images: batched, one column each
    [InlineData(1, 8, 9, 9, 32, 3, 1, 1, 1, 1, true)]   // k = 72 > Cout = 32: weight gradient as dWᵀ = col · dYᵀ
    [InlineData(2, 40, 9, 9, 32, 1, 1, 0, 1, 1, false)] // the same on the pointwise route (x is the column matrix)
    public void Matches_reference_forward_and_gradients(int n, int cin, int h, int w, int cout, int k, int stride,
        int pad, int dil, int groups, bool bias)
    {
        var rng = new Random(n * 100 + cin * 10 + k + stride + groups);
        var inputs = new List<Tensor>
        {
            GradCheck.Random(rng, n, cin, h, w),
            GradCheck.Random(rng, cout, cin / groups, k, k),
        };
        if (bias) inputs.Add(GradCheck.Random(rng, cout));
        GradCheck.Check([.. inputs],
            t => Functional.Conv2d(t[0], t[1], bias ? t[2] : null, stride, pad, dil, groups),
            d => NaiveOps.Conv2d(d[0], n, cin, h, w, d[1], cout, k, bias ? d[2] : null, stride, pad, dil, groups));
    }

    [Theory]
    [InlineData(7, 4, 13, 5, 3, 2, 1, true)]
    [InlineData(5, 4, 8, 3, 3, 1, 1, true)]
    [InlineData(3, 4, 7, 6, 7, 1, 1, true)]
    [InlineData(3, 3, 5, 4, 5, 1, 0, true)]
    [InlineData(1, 4, 13, 5, 3, 2, 1, false)] // one image: per image
    [InlineData(7, 40, 28, 5, 3, 1, 1, false)] // 28×28 outputs: per image
    public void Small_output_planes_of_several_images_take_the_batched_route(int n, int cin, int h, int cout, int k, int stride, int pad,
        bool batched)
    {
        // The reference tests above cover these shapes only if the route predicate sends them where their comments say.
        var g = new FaceAlign.Nn.ConvGeometry(h, h, k, k, stride, pad, 1);
        Assert.Equal(batched, Functional.UsesBatchedGemm(n, 1, g));
        Assert.False(DirectConv.Suits(g.Columns(cin), cout));
    }

    [Theory]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Relu6, 1)]
    [InlineData(Activation.Relu6, 4)]  // depthwise route
    public void Fused_activation_matches_reference_and_masks_gradient(Activation activation, int groups)
    {
        var rng = new Random(7);
        int n = 2, c = 4, h = 6, w = 5;
        // Scale up so ReLU6 actually clips some outputs at 6.
        var x = Tensor.Uniform(rng, -4f, 4f, n, c, h, w);
        var weight = Tensor.Uniform(rng, -1f, 1f, c, c / groups, 3, 3);
        var b = GradCheck.Random(rng, c);
        double Act(double v) => activation == Activation.Relu ? Math.Max(v, 0) : Math.Clamp(v, 0, 6);
        GradCheck.Check([x, weight, b],
            t => Functional.Conv2d(t[0], t[1], t[2], 1, 1, 1, groups, activation),
            d => NaiveOps.Map(NaiveOps.Conv2d(d[0], n, c, h, w, d[1], c, 3, d[2], 1, 1, 1, groups), Act));
    }

    [Theory]
    [InlineData(0.1f, 1)]
    [InlineData(0.1f, 4)]  // depthwise route
    [InlineData(0f, 1)]
    public void Fused_leaky_relu_matches_reference_and_scales_gradient(float slope, int groups)
    {
        var rng = new Random(8);
        int n = 2, c = 4, h = 6, w = 5;
        var x = Tensor.Uniform(rng, -4f, 4f, n, c, h, w);
        var weight = Tensor.Uniform(rng, -1f, 1f, c, c / groups, 3, 3);
        var b = GradCheck.Random(rng, c);
        GradCheck.Check([x, weight, b],
            t => Functional.Conv2d(t[0], t[1], t[2], 1, 1, 1, groups, leakySlope: slope),
            d => NaiveOps.Map(NaiveOps.Conv2d(d[0], n, c, h, w, d[1], c, 3, d[2], 1, 1, 1, groups), v => v > 0 ? v : slope * v));
    }

    [Fact]
    public void Direct_route_applies_leaky_relu_and_scales_gradient()
    {
        var rng = new Random(9);
        int n = 2, cin = 3, cout = 8, h = 9, w = 12;
        var x = Tensor.Uniform(rng, -4f, 4f, n, cin, h, w);
        var weight = Tensor.Uniform(rng, -1f, 1f, cout, cin, 3, 3);
        var b = GradCheck.Random(rng, cout);
        GradCheck.Check([x, weight, b],
            t => Functional.Conv2d(t[0], t[1], t[2], 2, 1, leakySlope: 0.1f),
            d => NaiveOps.Map(NaiveOps.Conv2d(d[0], n, cin, h, w, d[1], cout, 3, d[2], 2, 1, 1, 1), v => v > 0 ? v : 0.1 * v));
    }

    [Fact]
    public void A_leaky_slope_with_another_activation_is_refused()
    {
        var x = Tensor.Zeros(1, 2, 3, 3);
        var w = Tensor.Zeros(2, 2, 1, 1);
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, w, null, activation: Activation.Relu, leakySlope: 0.1f));
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, w, null, leakySlope: -1f));
    }

    [Theory]
    [InlineData(1, 1, 0, Activation.None)]     // pointwise route, as a folded inverted residual's projection
    [InlineData(3, 2, 1, Activation.Relu6)]    // im2col route, the addend before the activation
    public void Addend_is_summed_before_the_activation_and_gets_the_gradient(int k, int stride, int pad, Activation activation)
    {
        var rng = new Random(11 + k);
        int n = 2, cin = 3, h = 6, w = 5, cout = 4, ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
        var x = Tensor.Uniform(rng, -3f, 3f, n, cin, h, w);
        double Act(double v) => activation switch { Activation.Relu6 => Math.Clamp(v, 0, 6), _ => v };
        GradCheck.Check([x, GradCheck.Random(rng, cout, cin, k, k), GradCheck.Random(rng, cout), Tensor.Uniform(rng, -3f, 3f, n, cout, ho, wo)],
            t => Functional.Conv2d(t[0], t[1], t[2], stride, pad, 1, 1, activation, addend: t[3]),
            d => NaiveOps.Map(NaiveOps.Conv2d(d[0], n, cin, h, w, d[1], cout, k, d[2], stride, pad, 1, 1).Zip(d[3], (a, b) => a + b).ToArray(), Act));
    }

    [Fact]
    public void Addend_must_match_the_output_and_is_not_taken_by_the_depthwise_route()
    {
        var x = Tensor.Zeros(1, 4, 5, 5);
        Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros(2, 4, 1, 1), null, addend: Tensor.Zeros(1, 2, 5, 4)));
        Assert.Throws<NotSupportedException>(() => Functional.Conv2d(x, Tensor.Zeros(4, 1, 3, 3), null, 1, 1, 1, 4, addend: Tensor.Zeros(1, 4, 5, 5)));
    }

    [Fact]
    public void Rejects_mismatched_channels_naming_op_and_shapes()
    {
        var x = Tensor.Zeros(1, 3, 5, 5);
        var w = Tensor.Zeros(4, 2, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, w, null));
        Assert.Contains("Conv2d", e.Message);
        Assert.Contains("(1, 3, 5, 5)", e.Message);
        Assert.Contains("(4, 2, 3, 3)", e.Message);
    }
}
