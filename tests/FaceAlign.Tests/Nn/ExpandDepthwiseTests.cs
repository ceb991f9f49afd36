// Functional.ExpandDepthwise (the 1×1 expand and depthwise 3×3 of a folded inverted-residual block, by channel groups)
// against the two convs it replaces: bit-identical, grouped or not, and refusing what it cannot do.
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Tests.Nn;

public class ExpandDepthwiseTests
{
    // (images, Cin, hidden, H, W, stride): one group (small map), several groups (PFLD-1X's stride-2 block shape,
    // 128 × 56 × 56 in groups of 16), a last group smaller than the others, odd sizes.
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        { 2, 6, 18, 9, 7, 1 },
        { 1, 64, 128, 56, 56, 2 },
        { 1, 8, 44, 56, 57, 1 },
        { 2, 5, 40, 61, 59, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Equals_the_two_convs_bit_for_bit(int images, int cin, int hidden, int height, int width, int stride)
    {
        var rng = new Random(cin * 100 + hidden);
        var x = Tensor.Uniform(rng, -1f, 1f, images, cin, height, width);
        var expandWeight = Tensor.Uniform(rng, -0.3f, 0.3f, hidden, cin, 1, 1);
        var depthwiseWeight = Tensor.Uniform(rng, -0.5f, 0.5f, hidden, 1, 3, 3);
        var expandBias = Tensor.Uniform(rng, -0.5f, 0.5f, hidden);
        var depthwiseBias = Tensor.Uniform(rng, -0.5f, 0.5f, hidden);
        using var _ = NoGrad.Scope();
        foreach (var (first, second) in new[] { (Activation.Relu, Activation.Relu), (Activation.Relu6, Activation.None) })
            foreach (bool biases in new[] { true, false })
            {
                var eb = biases ? expandBias : null;
                var db = biases ? depthwiseBias : null;
                var expanded = Functional.Conv2d(x, expandWeight, eb, activation: first);
                var expected = Functional.Conv2d(expanded, depthwiseWeight, db, stride, 1, 1, hidden, second);
                var actual = Functional.ExpandDepthwise(x, expandWeight, eb, first, depthwiseWeight, db, stride, second);
                Assert.Equal(expected.Shape, actual.Shape);
                var e = expected.Span.ToArray();
                var a = actual.Span.ToArray();
                for (int i = 0; i < e.Length; i++)
                    if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]))
                        Assert.Fail($"{first}/{second} biases={biases}: element {i} is {a[i]}, the two convs give {e[i]}");
            }
    }

    [Theory]
    [InlineData(128, 56 * 56, 16)]  // PFLD-1X's 64 → 128 expansion at 56×56: 1.6 MB, in groups of 200 KB
    [InlineData(128, 28 * 28, 128)] // 400 KB fits: one group
    [InlineData(512, 14 * 14, 512)]
    [InlineData(32, 320 * 240, 8)]  // a plane bigger than the group budget still takes 8 channels at a time
    [InlineData(5, 320 * 240, 5)]   // never more than there are
    public void Groups_keep_the_expanded_map_within_L2(int hidden, int plane, int expected)
    {
        Assert.Equal(expected, Functional.ExpandGroupChannels(hidden, plane));
    }

    [Fact]
    public void Rejects_training_tensors_strides_and_shapes_it_cannot_take()
    {
        var rng = new Random(3);
        var x = Tensor.Uniform(rng, -1f, 1f, 1, 4, 6, 6);
        var ew = Tensor.Uniform(rng, -1f, 1f, 8, 4, 1, 1);
        var dw = Tensor.Uniform(rng, -1f, 1f, 8, 1, 3, 3);
        ew.RequiresGrad = true;
        var error = Assert.Throws<InvalidOperationException>(() =>
            Functional.ExpandDepthwise(x, ew, null, Activation.Relu, dw, null, 1, Activation.Relu));
        Assert.Contains("inference", error.Message);
        using var _ = NoGrad.Scope();
        Assert.Throws<ArgumentException>(() => Functional.ExpandDepthwise(x, ew, null, Activation.Relu, dw, null, 3, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Functional.ExpandDepthwise(x, Tensor.Zeros(8, 5, 1, 1), null, Activation.Relu, dw, null, 1, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Functional.ExpandDepthwise(x, ew, null, Activation.Relu, Tensor.Zeros(6, 1, 3, 3), null, 1, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Functional.ExpandDepthwise(x, ew, Tensor.Zeros(7), Activation.Relu, dw, null, 1, Activation.Relu));
        Assert.Throws<ArgumentException>(() => Functional.ExpandDepthwise(Tensor.Zeros(4, 6, 6), ew, null, Activation.Relu, dw, null, 1, Activation.Relu));
    }
}
