using FaceAlign.Kernels;
using FaceAlign.Tests.Reference;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>Depthwise 3×3 forward and both backward passes against the naive loops, and gradients by finite differences.</summary>
public class DepthwiseConv3x3Tests
{
    // (C, H, W, stride): degenerate, odd, vector-width-crossing and MobileNet-sized planes; big ones run multi-threaded.
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 3, 1, 1, 1 }, { 2, 2, 3, 1 }, { 3, 13, 19, 1 }, { 2, 56, 56, 1 }, { 2, 7, 124, 1 }, { 16, 56, 56, 1 },
        { 2, 1, 1, 2 }, { 2, 2, 3, 2 }, { 3, 13, 19, 2 }, { 2, 14, 14, 2 }, { 2, 56, 56, 2 }, { 2, 7, 124, 2 },
        { 2, 20, 33, 2 }, { 2, 33, 40, 2 }, { 24, 57, 57, 2 }, { 2, 9, 31, 2 }, { 2, 5, 15, 2 }, { 2, 6, 47, 2 },
        { 3, 14, 14, 1 }, { 2, 28, 28, 1 }, { 2, 7, 7, 1 }, { 2, 5, 16, 1 }, { 2, 4, 17, 1 }, { 2, 6, 64, 1 }, { 2, 5, 65, 1 },
        // Wide rows: strips while the plane fits in L2 (odd widths, strips not a multiple of the vector), padded beyond.
        { 3, 40, 321, 1 }, { 2, 37, 331, 2 }, { 2, 9, 1000, 2 }, { 2, 200, 700, 1 }, { 2, 190, 701, 2 },
    };

    // DepthwiseConv3x3.Path is internal, so loops name the paths.
    private static readonly DepthwiseConv3x3.Path[] Paths = Enum.GetValues<DepthwiseConv3x3.Path>();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_naive(int channels, int height, int width, int stride)
    {
        var random = new Random(channels * 1000 + height * 10 + width);
        var x = RandomArray(random, channels * height * width);
        var w = RandomArray(random, channels * 9);
        var b = RandomArray(random, channels);
        int outLength = channels * ((height - 1) / stride + 1) * ((width - 1) / stride + 1);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Relu6 })
        {
            foreach (var bias in new[] { b, [] })
            {
                // Scale up so Relu6 clips somewhere.
                var xs = x.Select(v => v * 4).ToArray();
                var expected = new float[outLength];
                NaiveDepthwiseConv3x3.Forward(xs, channels, height, width, w, bias, stride, expected, activation);
                foreach (var path in Paths)
                {
                    var actual = Enumerable.Repeat(float.NaN, outLength).ToArray();
                    DepthwiseConv3x3.Forward(xs, channels, height, width, w, bias, stride, actual, activation, path);
                    AssertClose(expected, actual, 1e-5f, $"forward {activation} bias={bias.Length > 0} {path}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_with_leaky_relu_matches_naive_then_leaky_relu(int channels, int height, int width, int stride)
    {
        var random = new Random(channels * 1000 + height * 10 + width + 7);
        var x = RandomArray(random, channels * height * width);
        var w = RandomArray(random, channels * 9);
        var b = RandomArray(random, channels);
        int outLength = channels * ((height - 1) / stride + 1) * ((width - 1) / stride + 1);
        var expected = new float[outLength];
        NaiveDepthwiseConv3x3.Forward(x, channels, height, width, w, b, stride, expected, Activation.None);
        for (int i = 0; i < outLength; i++)
            expected[i] = expected[i] > 0 ? expected[i] : 0.1f * expected[i];
        foreach (var path in Paths)
        {
            // With a sentinel after the output: the fused activation must not widen any store.
            var actual = Enumerable.Repeat(float.NaN, outLength).Concat(Enumerable.Repeat(-777f, 24)).ToArray();
            DepthwiseConv3x3.Forward(x, channels, height, width, w, b, stride, actual.AsSpan(0, outLength), new Epilogue(Activation.None, 0.1f), path);
            AssertClose(expected, actual[..outLength], 1e-5f, $"forward leaky {path}");
            Assert.All(actual[outLength..], v => Assert.Equal(-777f, v));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_reads_nothing_outside_its_input(int channels, int height, int width, int stride)
    {
        // The input is a span inside a longer array with NaN before and after it: a load that strays past the planes
        // and is not masked or replaced by zero padding turns outputs into NaN.
        const int Guard = 40;
        var random = new Random(channels * 1001 + height * 10 + width);
        int inLength = channels * height * width, outLength = channels * ((height - 1) / stride + 1) * ((width - 1) / stride + 1);
        var values = RandomArray(random, inLength);
        var guarded = Enumerable.Repeat(float.NaN, Guard).Concat(values).Concat(Enumerable.Repeat(float.NaN, Guard)).ToArray();
        var w = RandomArray(random, channels * 9);
        var b = RandomArray(random, channels);
        var expected = new float[outLength];
        NaiveDepthwiseConv3x3.Forward(values, channels, height, width, w, b, stride, expected, Activation.None);
        foreach (var path in Paths)
        {
            var actual = new float[outLength];
            DepthwiseConv3x3.Forward(guarded.AsSpan(Guard, inLength), channels, height, width, w, b, stride, actual, Activation.None, path);
            AssertClose(expected, actual, 1e-5f, $"forward with NaN around the input, {path}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardInput_accumulates_like_naive(int channels, int height, int width, int stride)
    {
        var random = new Random(channels * 999 + height * 10 + width);
        int outLength = channels * ((height - 1) / stride + 1) * ((width - 1) / stride + 1);
        var g = RandomArray(random, outLength);
        var w = RandomArray(random, channels * 9);
        var expected = RandomArray(random, channels * height * width);
        var initial = (float[])expected.Clone();
        NaiveDepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, expected);
        foreach (var path in Paths)
        {
            var actual = (float[])initial.Clone();
            DepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, actual, path, accumulate: true);
            AssertClose(expected, actual, 1e-5f, $"dInput {path}");
        }
        // Overwriting: what the naive pass adds to zeros, whatever the buffer held.
        var fresh = new float[channels * height * width];
        NaiveDepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, fresh);
        foreach (var path in Paths)
        {
            var actual = Enumerable.Repeat(float.NaN, fresh.Length).ToArray();
            DepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, actual, path, accumulate: false);
            AssertClose(fresh, actual, 1e-5f, $"dInput written {path}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardWeight_accumulates_like_naive(int channels, int height, int width, int stride)
    {
        var random = new Random(channels * 998 + height * 10 + width);
        int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
        var x = RandomArray(random, channels * height * width);
        var g = RandomArray(random, channels * ho * wo);
        var expectedW = RandomArray(random, channels * 9);
        var expectedB = RandomArray(random, channels);
        var initialW = (float[])expectedW.Clone();
        var initialB = (float[])expectedB.Clone();
        NaiveDepthwiseConv3x3.BackwardWeight(x, g, channels, height, width, stride, expectedW, expectedB);
        // Sums over Ho·Wo products of values in [−1, 1]: float rounding grows with the count.
        float tolerance = 1e-6f * ho * wo + 1e-5f;
        foreach (var path in Paths)
        {
            var actualW = (float[])initialW.Clone();
            var actualB = (float[])initialB.Clone();
            DepthwiseConv3x3.BackwardWeight(x, g, channels, height, width, stride, actualW, actualB, path);
            AssertClose(expectedW, actualW, tolerance, $"dWeight {path}");
            AssertClose(expectedB, actualB, tolerance, $"dBias {path}");
            var noBias = (float[])initialW.Clone();
            DepthwiseConv3x3.BackwardWeight(x, g, channels, height, width, stride, noBias, [], path);
            AssertClose(expectedW, noBias, tolerance, $"dWeight without dBias {path}");
        }
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 6)]
    [InlineData(1, 19)] // two Vector512 strips, the second partial
    [InlineData(2, 35)]
    public void Gradients_match_central_differences_of_a_double_forward(int stride, int width)
    {
        // L = Σ r ⊙ conv(x, w, b). L is linear in each of x, w, b, so central differences in double are exact up
        // to rounding; the kernels under test run in float.
        const int channels = 2, height = 5;
        int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
        var random = new Random(5 + stride);
        var x = RandomArray(random, channels * height * width);
        var w = RandomArray(random, channels * 9);
        var b = RandomArray(random, channels);
        var r = RandomArray(random, channels * ho * wo);

        var dx = new float[x.Length];
        var dw = new float[w.Length];
        var db = new float[b.Length];
        DepthwiseConv3x3.BackwardInput(r, channels, height, width, w, stride, dx);
        DepthwiseConv3x3.BackwardWeight(x, r, channels, height, width, stride, dw, db);

        double Loss(double[] xd, double[] wd, double[] bd)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        double y = bd[c];
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int iy = oy * stride + ky - 1, ix = ox * stride + kx - 1;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                    y += xd[(c * height + iy) * width + ix] * wd[c * 9 + ky * 3 + kx];
                            }
                        sum += r[(c * ho + oy) * wo + ox] * y;
                    }
            return sum;
        }

        double[] X = x.Select(v => (double)v).ToArray(), W = w.Select(v => (double)v).ToArray(), B = b.Select(v => (double)v).ToArray();
        void CheckGradient(double[] parameter, float[] gradient, string name)
        {
            const double h = 1e-3;
            for (int i = 0; i < parameter.Length; i++)
            {
                double saved = parameter[i];
                parameter[i] = saved + h;
                double plus = Loss(X, W, B);
                parameter[i] = saved - h;
                double minus = Loss(X, W, B);
                parameter[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 * (1 + Math.Abs(numeric)),
                    $"stride {stride} d{name}[{i}]: kernel {gradient[i]}, finite difference {numeric}");
            }
        }
        CheckGradient(X, dx, "input");
        CheckGradient(W, dw, "weight");
        CheckGradient(B, db, "bias");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_reads_nothing_outside_its_inputs(int channels, int height, int width, int stride)
    {
        // Input and output gradient are spans inside longer arrays with NaN before and after them (as in the forward's
        // test): a strip load that strays past a plane and is not masked or copied between zero margins shows as NaN.
        const int Guard = 40;
        var random = new Random(channels * 1002 + height * 10 + width);
        int inLength = channels * height * width, outLength = channels * ((height - 1) / stride + 1) * ((width - 1) / stride + 1);
        var x = RandomArray(random, inLength);
        var g = RandomArray(random, outLength);
        var w = RandomArray(random, channels * 9);
        float[] Guarded(float[] values) =>
            Enumerable.Repeat(float.NaN, Guard).Concat(values).Concat(Enumerable.Repeat(float.NaN, Guard)).ToArray();
        var xGuarded = Guarded(x);
        var gGuarded = Guarded(g);
        var expectedX = new float[inLength];
        var expectedW = new float[channels * 9];
        var expectedB = new float[channels];
        NaiveDepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, expectedX);
        NaiveDepthwiseConv3x3.BackwardWeight(x, g, channels, height, width, stride, expectedW, expectedB);
        float tolerance = 1e-6f * height * width + 1e-5f;
        foreach (var path in Paths)
        {
            var dx = new float[inLength];
            DepthwiseConv3x3.BackwardInput(gGuarded.AsSpan(Guard, outLength), channels, height, width, w, stride, dx, path, accumulate: false);
            AssertClose(expectedX, dx, 1e-5f, $"dInput with NaN around dOutput, {path}");
            var dw = new float[channels * 9];
            var db = new float[channels];
            DepthwiseConv3x3.BackwardWeight(xGuarded.AsSpan(Guard, inLength), gGuarded.AsSpan(Guard, outLength), channels, height, width,
                stride, dw, db, path);
            AssertClose(expectedW, dw, tolerance, $"dWeight with NaN around the input and dOutput, {path}");
            AssertClose(expectedB, db, tolerance, $"dBias with NaN around dOutput, {path}");
        }
    }

    [Fact]
    public void Rejects_unsupported_stride_and_short_buffers()
    {
        var x = new float[2 * 4 * 4];
        Assert.Throws<NotSupportedException>(() => DepthwiseConv3x3.Forward(x, 2, 4, 4, new float[18], [], 3, new float[8], Activation.None));
        Assert.Throws<ArgumentException>(() => DepthwiseConv3x3.Forward(x, 2, 4, 4, new float[17], [], 1, new float[32], Activation.None));
        Assert.Throws<ArgumentException>(() => DepthwiseConv3x3.Forward(x, 2, 4, 4, new float[18], [], 2, new float[7], Activation.None));
        Assert.Throws<ArgumentException>(() => DepthwiseConv3x3.BackwardInput(new float[8], 2, 4, 4, new float[18], 2, new float[31]));
        Assert.Throws<ArgumentException>(() => DepthwiseConv3x3.BackwardWeight(x, new float[8], 2, 4, 4, 2, new float[18], new float[1]));
    }

    [Fact]
    public void Never_writes_past_the_end_of_its_output_buffers()
    {
        // The SIMD paths store whole 8-lane vectors; on tiny planes (2×2 outputs and the like) a vector that is
        // allowed to spill into "the next row" can run past the buffer. The buffers here are spans over a longer
        // array whose tail holds a sentinel, so any such store shows up (it once corrupted the GC heap).
        const float sentinel = -12345f;
        var random = new Random(5);
        for (int stride = 1; stride <= 2; stride++)
            for (int height = 1; height <= 12; height++)
                foreach (int width in Enumerable.Range(1, 20).Concat([65, 66, 129, 143]))
                    foreach (int channels in new[] { 1, 3 })
                        foreach (var path in Paths)
                        {
                            int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
                            int inLength = channels * height * width, outLength = channels * ho * wo;
                            var x = RandomArray(random, inLength);
                            var w = RandomArray(random, channels * 9);
                            var b = RandomArray(random, channels);
                            var g = RandomArray(random, outLength);
                            string where = $"C={channels} H={height} W={width} stride={stride} {path}";

                            var y = Guarded(outLength, sentinel);
                            DepthwiseConv3x3.Forward(x, channels, height, width, w, b, stride, y.AsSpan(0, outLength), Activation.Relu, path);
                            AssertTailIntact(y, outLength, sentinel, "forward " + where);

                            foreach (bool accumulate in new[] { true, false })
                            {
                                var dx = Guarded(inLength, sentinel);
                                Array.Clear(dx, 0, inLength);
                                DepthwiseConv3x3.BackwardInput(g, channels, height, width, w, stride, dx.AsSpan(0, inLength), path, accumulate);
                                AssertTailIntact(dx, inLength, sentinel, $"dInput accumulate={accumulate} " + where);
                            }

                            var dw = Guarded(channels * 9, sentinel);
                            var db = Guarded(channels, sentinel);
                            Array.Clear(dw, 0, channels * 9);
                            Array.Clear(db, 0, channels);
                            DepthwiseConv3x3.BackwardWeight(x, g, channels, height, width, stride,
                                dw.AsSpan(0, channels * 9), db.AsSpan(0, channels), path);
                            AssertTailIntact(dw, channels * 9, sentinel, "dWeight " + where);
                            AssertTailIntact(db, channels, sentinel, "dBias " + where);
                        }
    }

    private static float[] Guarded(int length, float sentinel)
    {
        var array = new float[length + 32];
        array.AsSpan(length).Fill(sentinel);
        return array;
    }

    private static void AssertTailIntact(float[] array, int length, float sentinel, string what)
    {
        for (int i = length; i < array.Length; i++)
            Assert.True(array[i] == sentinel, $"{what}: wrote element {i - length} past the end of a {length}-value buffer");
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
