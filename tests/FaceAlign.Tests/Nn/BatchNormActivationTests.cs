// BatchNorm with a fused ReLU/ReLU6 (the op Sequential runs for BN → ReLU) against the unfused composition
// Relu(BatchNorm(x)): forward values, the gradients of x, γ and β and the running-statistic updates must agree bit
// for bit, on planes with vector tails, values on the clamp edges and pre-existing gradients; and against the double
// reference by finite differences.
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class BatchNormActivationTests
{
    private sealed record Run(float[] Y, float[] DX, float[] DGamma, float[] DBeta, float[] RunningMean, float[] RunningVar);

    /// <summary>One forward and backward with fresh copies of the inputs, fused or as BatchNorm then Relu/Relu6.</summary>
    private static Run Step(float[] x, int[] shape, float[] gamma, float[] beta, float[] runningMean, float[] runningVar,
        bool training, Activation activation, bool fused, float[] seed, float[]? priorDx = null)
    {
        int c = shape[1];
        var xt = Tensor.FromArray(x, shape);
        var g = Tensor.FromArray(gamma, c);
        var b = Tensor.FromArray(beta, c);
        var rm = Tensor.FromArray(runningMean, c);
        var rv = Tensor.FromArray(runningVar, c);
        foreach (var t in new[] { xt, g, b }) t.RequiresGrad = true;
        // An earlier use of x left a gradient: the backward must add to it, not overwrite it.
        if (priorDx is not null) priorDx.CopyTo(xt.GradOrCreate().Span);
        Tensor y;
        if (fused)
            y = Functional.BatchNorm(xt, g, b, rm, rv, training, activation: activation);
        else
        {
            var z = Functional.BatchNorm(xt, g, b, rm, rv, training);
            y = activation == Activation.Relu6 ? Functional.Relu6(z) : Functional.Relu(z);
        }
        var values = y.ToArray();
        y.Backward(Tensor.FromArray(seed, shape));
        return new(values, xt.Grad!.ToArray(), g.Grad!.ToArray(), b.Grad!.ToArray(), rm.ToArray(), rv.ToArray());
    }

    private static void AssertIdentical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}]: fused {actual[i]:R}, unfused {expected[i]:R}");
    }

    private static void AssertSameRuns(Run unfused, Run fused)
    {
        AssertIdentical(unfused.Y, fused.Y, "y");
        AssertIdentical(unfused.DX, fused.DX, "dX");
        AssertIdentical(unfused.DGamma, fused.DGamma, "dγ");
        AssertIdentical(unfused.DBeta, fused.DBeta, "dβ");
        AssertIdentical(unfused.RunningMean, fused.RunningMean, "running mean");
        AssertIdentical(unfused.RunningVar, fused.RunningVar, "running var");
    }

    private static float[] Uniform(Random rng, int length, float low, float high) =>
        Enumerable.Range(0, length).Select(_ => low + (high - low) * rng.NextSingle()).ToArray();

    public static TheoryData<int[], Activation, bool, bool> Shapes => new()
    {
        { [2, 3, 1, 1], Activation.Relu6, true, false },      // planes of one value: everything in scalar tails
        { [3, 2, 3, 5], Activation.Relu6, true, false },      // 15: below one vector
        { [2, 3, 4, 4], Activation.Relu6, true, true },       // 16: exactly one vector
        { [2, 2, 1, 17], Activation.Relu, true, false },      // 17: one vector and a tail of one
        { [2, 3, 7, 7], Activation.Relu6, true, false },      // 49: the 32-wide step, a 16-wide step and a tail
        { [2, 2, 5, 13], Activation.Relu, false, true },      // 65, eval mode
        { [4, 3, 14, 14], Activation.Relu, true, false },     // 196, PFLD's 14×14 maps
        { [2, 2, 9, 11], Activation.Relu6, false, false },    // eval mode with ReLU6
        { [5, 7], Activation.Relu6, true, true },             // rank 2: (N, C)
        { [2, 4, 28, 28], Activation.Relu6, true, false },    // 784
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_op_equals_batchnorm_then_clamp_bit_for_bit(int[] shape, Activation activation, bool training, bool priorGradient)
    {
        var rng = new Random(shape.Aggregate(17, (h, d) => h * 31 + d));
        int c = shape[1], length = shape.Aggregate(1, (p, d) => p * d);
        var x = Uniform(rng, length, -2f, 3f);
        // γ of both signs and β across (−3, 9): many values clamped at 0, some at 6, the rest inside.
        var gamma = Uniform(rng, c, -1.5f, 3f);
        var beta = Uniform(rng, c, -1f, 6.5f);
        // Whatever the draw: channel 0 is clamped at 0 on its low side, the last channel at 6 on its high side.
        (gamma[0], beta[0], gamma[c - 1], beta[c - 1]) = (1.5f, 0.2f, 2f, 5.8f);
        var runningMean = Uniform(rng, c, -0.5f, 0.5f);
        var runningVar = Uniform(rng, c, 0.3f, 2f);
        var seed = Uniform(rng, length, -1f, 1f);
        var prior = priorGradient ? Uniform(rng, length, -1f, 1f) : null;

        var unfused = Step(x, shape, gamma, beta, runningMean, runningVar, training, activation, fused: false, seed, prior);
        var fused = Step(x, shape, gamma, beta, runningMean, runningVar, training, activation, fused: true, seed, prior);
        AssertSameRuns(unfused, fused);
        // Not vacuous: both sides of the clamp occur.
        Assert.Contains(fused.Y, v => v == 0f);
        Assert.Contains(fused.Y, v => v > 0f && v < 6f);
        if (activation == Activation.Relu6) Assert.Contains(fused.Y, v => v == 6f);
    }

    [Theory]
    [InlineData(Activation.Relu, 0f)]
    [InlineData(Activation.Relu6, 0f)]
    [InlineData(Activation.Relu6, 6f)]
    public void Values_exactly_on_the_clamp_edges_pass_no_gradient(Activation activation, float edge)
    {
        // One channel per row of 40 values, symmetric about 0 so the batch mean is exactly 0 and x̂ = 0 where x = 0:
        // there the pre-activation is exactly β = edge. The neighbours ±2⁻²⁰ land just inside and just outside.
        const int n = 2, c = 2, inner = 40;
        var x = new float[n * c * inner];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < inner; i++)
                {
                    float magnitude = (i % 4) switch { 0 => 0f, 1 => MathF.Pow(2, -20), 2 => 1f, _ => 2.5f };
                    x[(b * c + ch) * inner + i] = b == 0 ? magnitude : -magnitude;
                }
        float[] gamma = [1f, 2f], beta = [edge, edge], runningMean = [0f, 0f], runningVar = [1f, 1f];
        var seed = Uniform(new Random(5), x.Length, 0.5f, 1f);  // all positive: a gated-out value visibly lowers dβ
        int[] shape = [n, c, 1, inner];

        var unfused = Step(x, shape, gamma, beta, runningMean, runningVar, true, activation, fused: false, seed);
        var fused = Step(x, shape, gamma, beta, runningMean, runningVar, true, activation, fused: true, seed);
        AssertSameRuns(unfused, fused);

        float high = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;
        for (int ch = 0; ch < c; ch++)
        {
            // dβ = Σ dY over the values strictly inside (0, high); the edges themselves count for nothing (PyTorch's kink rule).
            double expected = 0;
            int onEdge = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < inner; i++)
                {
                    int idx = (b * c + ch) * inner + i;
                    if (fused.Y[idx] == edge && x[idx] == 0f) onEdge++;
                    if (fused.Y[idx] > 0f && fused.Y[idx] < high) expected += seed[idx];
                }
            Assert.Equal(n * inner / 4, onEdge);
            Assert.Equal(expected, fused.DBeta[ch], 1e-4);
        }
    }

    [Fact]
    public void Not_a_number_and_negative_zero_come_out_as_the_unfused_ops_give_them()
    {
        // Eval mode with mean 0, variance 1 − ε: scale 1, shift β; x = −0 with β = −0 gives a pre-activation of −0.
        float[] x = [float.NaN, -0f, 0f, 7f, -1f, 3f, float.PositiveInfinity, float.NegativeInfinity];
        int[] shape = [2, 1, 1, 4];
        var seed = Uniform(new Random(2), x.Length, -1f, 1f);
        foreach (var activation in new[] { Activation.Relu, Activation.Relu6 })
        {
            var unfused = Step(x, shape, [1f], [-0f], [0f], [1f - 1e-5f], false, activation, fused: false, seed);
            var fused = Step(x, shape, [1f], [-0f], [0f], [1f - 1e-5f], false, activation, fused: true, seed);
            AssertSameRuns(unfused, fused);
        }
    }

    [Theory]
    [InlineData(Activation.Relu6, true, 2, 3, 4, 5)]
    [InlineData(Activation.Relu, true, 3, 2, 3, 3)]
    [InlineData(Activation.Relu6, false, 2, 2, 5, 4)]
    public void Gradients_match_finite_differences(Activation activation, bool training, int n, int c, int h, int w)
    {
        var rng = new Random(n * 7 + c);
        var runningMean = GradCheck.Random(rng, c);
        var runningVar = Tensor.Uniform(rng, 0.5f, 2f, c);
        var rm = GradCheck.ToDouble(runningMean);
        var rv = GradCheck.ToDouble(runningVar);
        double high = activation == Activation.Relu6 ? 6 : double.PositiveInfinity;
        // β around 3 with γ up to 4 spreads the outputs over both clamps of ReLU6 (and ReLU's at 0).
        GradCheck.Check(
            [Tensor.Uniform(rng, -2f, 3f, n, c, h, w), Tensor.Uniform(rng, 1f, 4f, c), Tensor.Uniform(rng, 0f, 4f, c)],
            t => Functional.BatchNorm(t[0], t[1], t[2], runningMean.Clone(), runningVar.Clone(), training, activation: activation),
            d => NaiveOps.Map(NaiveOps.BatchNorm(d[0], n, c, h * w, d[1], d[2], training ? null : rm, training ? null : rv, 1e-5),
                v => Math.Clamp(v, 0, high)));
    }

    [Fact]
    public void Sequential_runs_bn_then_relu6_fused_with_the_layers_and_names_unchanged()
    {
        static Sequential Make() => new(new Conv2d(3, 4, 3, padding: 1, bias: false, rng: new Random(9)), new BatchNorm2d(4), new ReLU6());
        var rng = new Random(8);
        var xValues = Uniform(rng, 2 * 3 * 6 * 5, -2f, 2f);
        var seed = Uniform(rng, 2 * 4 * 6 * 5, -1f, 1f);

        var sequential = Make();
        var layered = Make();
        var xa = Tensor.FromArray(xValues, 2, 3, 6, 5);
        var xb = Tensor.FromArray(xValues, 2, 3, 6, 5);
        xa.RequiresGrad = xb.RequiresGrad = true;
        var ya = sequential.Forward(xa);
        var yb = layered[2].Forward(layered[1].Forward(layered[0].Forward(xb)));  // one layer at a time: unfused
        AssertIdentical(yb.ToArray(), ya.ToArray(), "y");
        ya.Backward(Tensor.FromArray(seed, ya.Shape));
        yb.Backward(Tensor.FromArray(seed, yb.Shape));
        AssertIdentical(xb.Grad!.ToArray(), xa.Grad!.ToArray(), "dX");
        var stateA = sequential.StateDict();
        var stateB = layered.StateDict();
        Assert.Equal(["0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
            stateA.Select(s => s.Name));
        for (int i = 0; i < stateA.Count; i++) AssertIdentical(stateB[i].Value.ToArray(), stateA[i].Value.ToArray(), stateA[i].Name);
        foreach (var ((name, pa), (_, pb)) in sequential.NamedParameters().Zip(layered.NamedParameters()))
            AssertIdentical(pb.Grad!.ToArray(), pa.Grad!.ToArray(), "d" + name);
        Assert.Equal(1f, ((BatchNorm2d)sequential[1]).NumBatchesTracked.Item());

        // Eval under NoGrad (the unfolded model's inference path): identical too.
        sequential.Eval();
        layered.Eval();
        using var _ = NoGrad.Scope();
        AssertIdentical(layered[2].Forward(layered[1].Forward(layered[0].Forward(xb))).ToArray(), sequential.Forward(xa).ToArray(), "eval y");
    }

    [Fact]
    public void Refuses_an_activation_it_cannot_fuse()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.BatchNorm(Tensor.Zeros(2, 1, 1, 1), Tensor.Full(1f, 1),
            Tensor.Zeros(1), Tensor.Zeros(1), Tensor.Full(1f, 1), true, activation: (Activation)7));
        Assert.Contains("BatchNorm", e.Message);
    }
}
