using FaceAlign.Kernels;
using FaceAlign.Kernels.ElementWise;

namespace FaceAlign.Tests.Kernels.ElementWise;

/// <summary>Every operator at every vector width on every length 0–256 (all tail cases) against the textbook formula.</summary>
public class ElementWiseTests
{
    private static readonly int[] Widths = [0, 128, 256, 512];

    private static void CheckUnary<TOp>(TOp op, Func<float, float> formula) where TOp : struct, IUnaryOperator
    {
        var random = new Random(1);
        foreach (int width in Widths)
        {
            for (int n = 0; n <= 256; n++)
            {
                var x = Values(random, n);
                var y = new float[n + 1];
                y[n] = 42; // sentinel: nothing past the end may be written
                VectorLoop.Map(op, x, y.AsSpan(0, n), width);
                for (int i = 0; i < n; i++)
                    if (formula(x[i]) != y[i])
                        Assert.Fail($"width {width}, n {n}, x[{i}] = {x[i]}: expected {formula(x[i])}, got {y[i]}");
                Assert.Equal(42, y[n]);

                VectorLoop.Map(op, x, x, width); // in place
                Assert.Equal(y[..n], x);
            }
        }
    }

    private static void CheckBinary<TOp>(TOp op, Func<float, float, float> formula) where TOp : struct, IBinaryOperator
    {
        var random = new Random(2);
        foreach (int width in Widths)
        {
            for (int n = 0; n <= 256; n++)
            {
                var dy = Values(random, n);
                var x = Values(random, n);
                var dx = new float[n + 1];
                dx[n] = 42;
                VectorLoop.Map(op, dy, x, dx.AsSpan(0, n), width);
                for (int i = 0; i < n; i++)
                    if (formula(dy[i], x[i]) != dx[i])
                        Assert.Fail($"width {width}, n {n}, i {i}: dY {dy[i]}, x {x[i]} → {dx[i]}");
                Assert.Equal(42, dx[n]);
            }
        }
    }

    [Fact]
    public void Relu() => CheckUnary(new ReluOperator(), x => x < 0 ? 0 : x);

    [Fact]
    public void Relu6() => CheckUnary(new Relu6Operator(), x => Math.Min(6, Math.Max(0, x)));

    [Fact]
    public void LeakyRelu() => CheckUnary(new LeakyReluOperator(0.1f), x => x >= 0 ? x : 0.1f * x);

    [Fact]
    public void Affine_with_each_activation()
    {
        CheckUnary(AffineOperator.For(1.5f, -0.25f, Activation.None), x => MathF.FusedMultiplyAdd(x, 1.5f, -0.25f));
        CheckUnary(AffineOperator.For(-2f, 1f, Activation.Relu), x => Math.Max(0, MathF.FusedMultiplyAdd(x, -2f, 1f)));
        CheckUnary(AffineOperator.For(3f, 0.5f, Activation.Relu6), x => Math.Clamp(MathF.FusedMultiplyAdd(x, 3f, 0.5f), 0, 6));
    }

    [Fact]
    public void ReluBackward() => CheckBinary(new ReluBackwardOperator(), (dy, x) => x > 0 ? dy : 0);

    [Fact]
    public void Relu6Backward() => CheckBinary(new Relu6BackwardOperator(), (dy, x) => x > 0 && x < 6 ? dy : 0);

    [Fact]
    public void LeakyReluBackward() => CheckBinary(new LeakyReluBackwardOperator(0.2f), (dy, x) => x > 0 ? dy : 0.2f * dy);

    [Fact]
    public void Activations_facade_dispatches_and_works_in_place()
    {
        float[] x = [-1, 0.5f, 7, 3, -0.001f, 6, 0];
        var y = new float[x.Length];
        Activations.Forward(Activation.Relu6, x, y);
        Assert.Equal(new float[] { 0, 0.5f, 6, 3, 0, 6, 0 }, y);
        var dx = new float[x.Length];
        Activations.Backward(Activation.Relu6, [1, 1, 1, 1, 1, 1, 1], x, dx);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 0, 0 }, dx);
        Activations.Forward(Activation.Relu, x, x);
        Assert.Equal(new float[] { 0, 0.5f, 7, 3, 0, 6, 0 }, x);
        Activations.LeakyRelu([-2f, 2f], 0.5f, y);
        Assert.Equal(new[] { -1f, 2f }, y[..2]);
        Assert.Throws<ArgumentException>(() => Activations.Forward(Activation.Relu, x.AsSpan(0, 5), x.AsSpan(1, 5)));
    }

    [Fact]
    public void Per_channel_bias_scale_shift_and_sums()
    {
        // (C, HW) = (2, 3), worked by hand.
        float[] x = [1, -2, 3, -4, 5, 0.5f];
        var biased = (float[])x.Clone();
        PerChannel.AddBias(biased, [10, -1], 2);
        Assert.Equal(new float[] { 11, 8, 13, -5, 4, -0.5f }, biased);
        var relu = (float[])x.Clone();
        PerChannel.AddBias(relu, [1, -1], 2, Activation.Relu);
        Assert.Equal(new float[] { 2, 0, 4, 0, 4, 0 }, relu);
        var y = new float[6];
        PerChannel.ScaleShift(x, [2, -1], [0.5f, 1], 2, y, Activation.Relu6);
        Assert.Equal(new float[] { 2.5f, 0, 6, 5, 0, 0.5f }, y);
        var sums = new float[] { 100, 200 };
        PerChannel.AccumulateSums(x, 2, sums);
        Assert.Equal(new float[] { 102, 201.5f }, sums);
        var dots = new float[2];
        PerChannel.AccumulateDots(x, [1, 1, 1, 2, 0, 2], 2, dots);
        Assert.Equal(new float[] { 2, -7 }, dots);
        Assert.Throws<ArgumentException>(() => PerChannel.AddBias(new float[7], [1, 2], 2));
    }

    private static float[] Values(Random random, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
            x[i] = (random.Next(4)) switch
            {
                0 => 0f,               // exact zero: the mask boundary
                1 => 6f,               // ReLU6's upper boundary
                _ => (random.NextSingle() - 0.4f) * 20f,
            };
        return x;
    }
}
