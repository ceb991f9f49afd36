// BatchNorm in training mode (batch statistics, running-stat update as PyTorch) and eval mode, against the naive
// double reference, with gradients for input, γ and β.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class BatchNormTests
{
    [Theory]
    [InlineData(3, 4, 5, 3, true)]
    [InlineData(3, 3, 1, 1, true)]  // (N, C, 1, 1): the statistic runs over the batch alone
    [InlineData(3, 4, 5, 3, false)]
    [InlineData(2, 3, 7, 7, true)]   // planes of 49: the vector loops' 32- and 16-wide steps and a scalar tail
    [InlineData(2, 2, 6, 11, false)]
    public void Matches_reference_forward_and_gradients(int n, int c, int h, int w, bool training)
    {
        var rng = new Random(n + c + h);
        var runningMean = GradCheck.Random(rng, c);
        var runningVar = Tensor.Uniform(rng, 0.5f, 2f, c);
        var rm = GradCheck.ToDouble(runningMean);
        var rv = GradCheck.ToDouble(runningVar);
        GradCheck.Check(
            [Tensor.Uniform(rng, -2f, 3f, n, c, h, w), Tensor.Uniform(rng, 0.5f, 1.5f, c), GradCheck.Random(rng, c)],
            t => Functional.BatchNorm(t[0], t[1], t[2], runningMean.Clone(), runningVar.Clone(), training),
            d => NaiveOps.BatchNorm(d[0], n, c, h * w, d[1], d[2], training ? null : rm, training ? null : rv, 1e-5));
    }

    [Fact]
    public void Rank2_input_normalises_over_the_batch()
    {
        var rng = new Random(3);
        GradCheck.Check([GradCheck.Random(rng, 5, 3), Tensor.Uniform(rng, 0.5f, 1.5f, 3), GradCheck.Random(rng, 3)],
            t => Functional.BatchNorm(t[0], t[1], t[2], Tensor.Zeros(3), Tensor.Full(1f, 3), training: true),
            d => NaiveOps.BatchNorm(d[0], 5, 3, 1, d[1], d[2], null, null, 1e-5));
    }

    [Fact]
    public void Training_updates_running_stats_with_momentum_and_unbiased_variance()
    {
        // One channel, values 1, 2, 3, 6: mean 3, unbiased variance (4 + 1 + 0 + 9) / 3 = 14/3.
        var bn = new BatchNorm2d(1);
        bn.Forward(Tensor.FromArray([1, 2, 3, 6], 2, 1, 1, 2));
        Assert.Equal(0.9f * 0 + 0.1f * 3, bn.RunningMean.Span[0], 6);
        Assert.Equal(0.9f * 1 + 0.1f * 14f / 3, bn.RunningVar.Span[0], 6);
        Assert.Equal(1f, bn.NumBatchesTracked.Item());

        bn.Eval();
        var y = bn.Forward(Tensor.FromArray([0.3f], 1, 1, 1, 1));
        Assert.Equal(0f, bn.NumBatchesTracked.Item() - 1f);
        Assert.Equal((0.3f - 0.3f) / MathF.Sqrt(bn.RunningVar.Span[0] + 1e-5f), y.Item(), 6);
    }

    [Fact]
    public void Training_refuses_a_single_value_per_channel()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchNorm2d(2).Forward(Tensor.Zeros(1, 2, 1, 1)));
        Assert.Contains("BatchNorm", e.Message);
    }
}
