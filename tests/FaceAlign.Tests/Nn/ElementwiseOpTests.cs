// Activations, softmax, add/mul, linear, concat, reshape and dropout against naive double references.
using FaceAlign.Nn;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class ElementwiseOpTests
{
    private static Tensor Wide(Random rng, params int[] shape) => Tensor.Uniform(rng, -8f, 8f, shape);

    [Fact]
    public void Relu_family_and_sigmoid_match_reference()
    {
        var rng = new Random(11);
        GradCheck.Check([Wide(rng, 3, 4, 5)], t => Functional.Relu(t[0]), d => NaiveOps.Map(d[0], v => Math.Max(v, 0)));
        GradCheck.Check([Wide(rng, 3, 4, 5)], t => Functional.Relu6(t[0]), d => NaiveOps.Map(d[0], v => Math.Clamp(v, 0, 6)));
        GradCheck.Check([Wide(rng, 7, 3)], t => Functional.LeakyRelu(t[0], 0.2f), d => NaiveOps.Map(d[0], v => v > 0 ? v : 0.2 * v));
        // x feeding two leaky ReLUs: the second backward must add to the gradient the first one wrote.
        GradCheck.Check([Wide(rng, 5, 4)], t => Functional.Add(Functional.LeakyRelu(t[0], 0.2f), Functional.LeakyRelu(t[0], 0.5f)),
            d => NaiveOps.Map(d[0], v => (v > 0 ? v : 0.2 * v) + (v > 0 ? v : 0.5 * v)));
        GradCheck.Check([Wide(rng, 2, 9)], t => Functional.Sigmoid(t[0]), d => NaiveOps.Map(d[0], v => 1 / (1 + Math.Exp(-v))));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void PRelu_per_channel_and_shared_slopes(int slopes)
    {
        var rng = new Random(12);
        GradCheck.Check([GradCheck.Random(rng, 2, 3, 4, 3), Tensor.Uniform(rng, 0.1f, 0.5f, slopes)],
            t => Functional.PRelu(t[0], t[1]), d => NaiveOps.PRelu(d[0], 3, 12, d[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Softmax_over_a_dimension(int dim)
    {
        var rng = new Random(13);
        int outer = dim == 1 ? 2 : 2 * 5 * 3, size = dim == 1 ? 5 : 4, inner = dim == 1 ? 3 * 4 : 1;
        GradCheck.Check([Wide(rng, 2, 5, 3, 4)], t => Functional.Softmax(t[0], dim), d => NaiveOps.Softmax(d[0], outer, size, inner));
    }

    [Fact]
    public void Add_sub_mul_scale_and_sum()
    {
        var rng = new Random(14);
        GradCheck.Check([GradCheck.Random(rng, 3, 5), GradCheck.Random(rng, 3, 5)], t => Functional.Add(t[0], t[1]),
            d => d[0].Zip(d[1], (a, b) => a + b).ToArray());
        GradCheck.Check([GradCheck.Random(rng, 3, 5), GradCheck.Random(rng, 3, 5)], t => Functional.Sub(t[0], t[1]),
            d => d[0].Zip(d[1], (a, b) => a - b).ToArray());
        GradCheck.Check([GradCheck.Random(rng, 4, 2, 3), GradCheck.Random(rng, 4, 2, 3)], t => Functional.Mul(t[0], t[1]),
            d => d[0].Zip(d[1], (a, b) => a * b).ToArray());
        GradCheck.Check([GradCheck.Random(rng, 7)], t => Functional.Scale(t[0], -2.5f), d => NaiveOps.Map(d[0], v => -2.5 * v));
        GradCheck.Check([GradCheck.Random(rng, 3, 3)], t => Functional.Mean(t[0]), d => [d[0].Average()]);
    }

    [Fact]
    public void Linear_with_and_without_bias()
    {
        var rng = new Random(15);
        GradCheck.Check([GradCheck.Random(rng, 3, 7), GradCheck.Random(rng, 5, 7), GradCheck.Random(rng, 5)],
            t => Functional.Linear(t[0], t[1], t[2]), d => NaiveOps.Linear(d[0], 3, 7, d[1], 5, d[2]));
        GradCheck.Check([GradCheck.Random(rng, 1, 4), GradCheck.Random(rng, 2, 4)],
            t => Functional.Linear(t[0], t[1], null), d => NaiveOps.Linear(d[0], 1, 4, d[1], 2, null));
    }

    [Fact]
    public void Concat_reshape_and_flatten()
    {
        var rng = new Random(16);
        GradCheck.Check([GradCheck.Random(rng, 2, 3, 2, 2), GradCheck.Random(rng, 2, 1, 2, 2), GradCheck.Random(rng, 2, 2, 2, 2)],
            t => Functional.Concat(t[0], t[1], t[2]), d => NaiveOps.Concat(2, 4, (d[0], 3), (d[1], 1), (d[2], 2)));
        GradCheck.Check([GradCheck.Random(rng, 2, 5), GradCheck.Random(rng, 2, 3)],
            t => Functional.Concat(t[0], t[1]), d => NaiveOps.Concat(2, 1, (d[0], 5), (d[1], 3)));
        GradCheck.Check([GradCheck.Random(rng, 2, 3, 4)], t => Functional.Reshape(t[0], 4, -1), d => d[0]);
        var flat = Functional.Flatten(Tensor.Zeros(2, 3, 4, 5));
        Assert.Equal([2, 60], flat.Shape);
        var e = Assert.Throws<ArgumentException>(() => Functional.Concat(Tensor.Zeros(2, 3, 4, 4), Tensor.Zeros(2, 3, 4, 5)));
        Assert.Contains("(2, 3, 4, 5)", e.Message);
    }

    [Fact]
    public void Permute_reorders_axes_like_torch_permute()
    {
        var rng = new Random(17);
        // (N, C, H, W) = (2, 3, 4, 5) → (N, H, W, C): y[n, h, w, c] = x[n, c, h, w]
        GradCheck.Check([GradCheck.Random(rng, 2, 3, 4, 5)], t => Functional.Permute(t[0], 0, 2, 3, 1), d =>
        {
            var y = new double[120];
            for (int n = 0; n < 2; n++)
                for (int c = 0; c < 3; c++)
                    for (int h = 0; h < 4; h++)
                        for (int w = 0; w < 5; w++)
                            y[((n * 4 + h) * 5 + w) * 3 + c] = d[0][((n * 3 + c) * 4 + h) * 5 + w];
            return y;
        });
        Assert.Equal([4, 2, 3], Functional.Permute(Tensor.Zeros(2, 3, 4), 2, 0, 1).Shape);
        Assert.Throws<ArgumentException>(() => Functional.Permute(Tensor.Zeros(2, 3), 0, 0));
    }

    [Fact]
    public void Dropout_is_seeded_scales_survivors_and_routes_gradient_through_the_mask()
    {
        var x = Tensor.Full(1f, 1, 4000);
        x.RequiresGrad = true;
        var y1 = Functional.Dropout(x, 0.25f, new Random(5));
        var y2 = Functional.Dropout(Tensor.Full(1f, 1, 4000), 0.25f, new Random(5));
        Assert.Equal(y1.ToArray(), y2.ToArray());
        var values = y1.ToArray();
        Assert.All(values, v => Assert.True(v == 0f || Math.Abs(v - 4f / 3) < 1e-6));
        double dropped = values.Count(v => v == 0) / 4000.0;
        Assert.InRange(dropped, 0.22, 0.28);
        Functional.Sum(y1).Backward();
        Assert.Equal(values, x.Grad!.ToArray());
    }
}
