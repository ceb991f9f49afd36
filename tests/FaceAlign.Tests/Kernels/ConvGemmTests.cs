using FaceAlign.Kernels;
using FaceAlign.Tests.Reference;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>ConvGemm on every path against a double-precision loop, on odd shapes, with bias, addend and activations.</summary>
public class ConvGemmTests
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 33, 49, 64, 196];

    // ConvGemm.Path is internal, so theories name the paths.
    public static TheoryData<string> Paths => new() { "Scalar", "Vector256", "Vector512" };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_on_awkward_shapes(string pathName)
    {
        var path = Enum.Parse<ConvGemm.Path>(pathName);
        var random = new Random(1000 + (int)path);
        int variant = 0;
        for (int mi = 0; mi < Sizes.Length; mi++)
            for (int ni = 0; ni < Sizes.Length; ni++)
            {
                int k = Sizes[(mi * 5 + ni * 3 + variant) % Sizes.Length];
                var activation = (Activation)(variant % 3);
                Check(random, path, 1, Sizes[mi], Sizes[ni], k, activation, bias: variant % 2 == 0, addend: variant % 4 < 2);
                variant++;
            }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_on_pfld_layer_shapes(string pathName)
    {
        var path = Enum.Parse<ConvGemm.Path>(pathName);
        var random = new Random(77);
        // (M, N, K): conv1 by im2col, expand/project 1×1 convs at 56, 28, 14 px, conv7, conv8 (N = 1), a deep K; these
        // run panel-major (X fits in L2), the last two tile-major (a 3×3 conv's column matrix on a 56×56 map, and one
        // with a partial last tile and row panel).
        foreach (var (m, n, k) in new[] { (16, 3136, 27), (32, 3136, 16), (16, 784, 32), (128, 196, 32), (4, 196, 64), (8, 49, 36), (32, 1, 392), (40, 70, 700),
            (16, 3136, 72), (13, 2100, 70) })
            Check(random, path, 1, m, n, k, Activation.Relu, bias: true, addend: m == 16);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_leaky_relu_matches_reference(string pathName)
    {
        var path = Enum.Parse<ConvGemm.Path>(pathName);
        var random = new Random(3000 + (int)path);
        // 32-wide tiles, 8-wide edge tiles, a partial last row panel, the N = 1 product, a 2 KB-aligned row length.
        foreach (var (m, n, k) in new[] { (16, 3136, 8), (13, 45, 17), (7, 33, 5), (9, 1, 40), (16, 512, 8) })
            Check(random, path, 1, m, n, k, Activation.None, bias: true, addend: n == 45, leakySlope: 0.1f);
    }

    [Fact]
    public void Zero_depth_gives_activated_bias_plus_addend()
    {
        var y = new float[6];
        ConvGemm.Forward(2, 3, 0, [], [], [1f, -2f], [1f, 2f, 3f, 4f, 5f, -9f], y, Activation.Relu);
        Assert.Equal(new[] { 2f, 3f, 4f, 2f, 3f, 0f }, y);
    }

    [Fact]
    public void Two_threads_give_bit_identical_results()
    {
        var random = new Random(3);
        // Panel-major (X fits in L2) and tile-major (it does not) orders, each split between the threads by tiles; with
        // N = 37 the second thread's share is only the partial last tile.
        foreach (var (m, n, k) in new[] { (64, 3136, 16), (128, 200, 64), (16, 3136, 27), (24, 2100, 70), (128, 37, 128) })
        {
            var w = RandomArray(random, m * k);
            var x = RandomArray(random, k * n);
            var b = RandomArray(random, m);
            var add = RandomArray(random, m * n);
            var y1 = new float[m * n];
            var y2 = new float[m * n];
            ConvGemm.Forward(m, n, k, w, x, b, add, y1, Activation.Relu6, ConvGemm.BestPath(), 1);
            ConvGemm.Forward(m, n, k, w, x, b, add, y2, Activation.Relu6, ConvGemm.BestPath(), 2);
            Assert.Equal(y1, y2);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Accumulates_in_place_when_y_is_the_addend(string pathName)
    {
        // y += W·X with y passed as its own addend gives bit for bit what a separate output gives: whole tiles, the
        // 8-wide edge, a partial row panel, the N = 1 product; both loop orders; one and two threads.
        var path = Enum.Parse<ConvGemm.Path>(pathName);
        var random = new Random(11);
        foreach (var (m, n, k) in new[] { (13, 45, 17), (16, 196, 64), (9, 1, 40), (24, 2100, 70), (128, 37, 128) })
            foreach (int threads in new[] { 1, 2 })
            {
                var w = RandomArray(random, m * k);
                var x = RandomArray(random, k * n);
                var acc = RandomArray(random, m * n);
                var separate = new float[m * n];
                ConvGemm.Forward(m, n, k, w, x, [], acc, separate, Activation.None, path, threads);
                ConvGemm.Forward(m, n, k, w, x, [], acc, acc, Activation.None, path, threads);
                Assert.True(separate.AsSpan().SequenceEqual(acc), $"{path} m={m} n={n} k={k} threads={threads}");
            }
    }

    [Fact]
    public void Rejects_an_addend_that_overlaps_y_at_an_offset()
    {
        var buffer = new float[40];
        var error = Assert.Throws<ArgumentException>(() => ConvGemm.Forward(2, 4, 3, new float[6], new float[12], [],
            buffer.AsSpan(0, 8), buffer.AsSpan(4, 8), Activation.None));
        Assert.Contains("overlaps", error.Message);
    }

    [Fact]
    public void Rejects_too_small_buffers()
    {
        var x = new float[12];
        Assert.Throws<ArgumentException>(() => ConvGemm.Forward(3, 4, 3, new float[8], x, [], [], new float[12], Activation.None));
        Assert.Throws<ArgumentException>(() => ConvGemm.Forward(3, 4, 3, new float[9], new float[11], [], [], new float[12], Activation.None));
        Assert.Throws<ArgumentException>(() => ConvGemm.Forward(3, 4, 3, new float[9], x, [1f, 2f], [], new float[12], Activation.None));
        Assert.Throws<ArgumentException>(() => ConvGemm.Forward(3, 4, 3, new float[9], x, [], new float[11], new float[12], Activation.None));
        Assert.Throws<ArgumentException>(() => ConvGemm.Forward(3, 4, 3, new float[9], x, [], [], new float[11], Activation.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvGemm.Forward(-1, 4, 3, x, x, [], [], x, Activation.None));
    }

    private static void Check(Random random, ConvGemm.Path path, int threads, int m, int n, int k, Activation activation, bool bias, bool addend,
        float? leakySlope = null)
    {
        const int Guard = 40;
        const float Sentinel = -12345f;
        // Every operand is a span at the front of a longer array whose tail holds NaN (inputs: reading it would poison
        // the result) or a sentinel (output: writing past Y would change it).
        var w = WithTail(RandomArray(random, m * k), Guard, float.NaN);
        var x = WithTail(RandomArray(random, k * n).Select(v => 3 * v).ToArray(), Guard, float.NaN);
        var b = bias ? WithTail(RandomArray(random, m), Guard, float.NaN) : [];
        var add = addend ? WithTail(RandomArray(random, m * n), Guard, float.NaN) : [];
        var y = Enumerable.Repeat(float.NaN, m * n).Concat(Enumerable.Repeat(Sentinel, Guard)).ToArray();

        ConvGemm.Forward(m, n, k, w.AsSpan(0, m * k), x.AsSpan(0, k * n), bias ? b.AsSpan(0, m) : default,
            addend ? add.AsSpan(0, m * n) : default, y.AsSpan(0, m * n), new Epilogue(activation, leakySlope), path, threads);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = bias ? b[i] : 0, scale = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    sum += (double)w[i * k + p] * x[p * n + j];
                    scale += Math.Abs((double)w[i * k + p] * x[p * n + j]);
                }
                if (addend)
                {
                    sum += add[i * n + j];
                    scale += Math.Abs(add[i * n + j]);
                }
                double expected = NaiveActivation.Apply(sum, activation, leakySlope);
                double error = Math.Abs(y[i * n + j] - expected);
                if (!(error <= 1e-6 * (k + 2) * scale + 1e-30))
                    Assert.Fail($"{path} m={m} n={n} k={k} {activation} bias={bias} addend={addend}: Y[{i},{j}] = {y[i * n + j]}, expected {expected}");
            }
        for (int i = m * n; i < y.Length; i++)
            Assert.True(y[i] == Sentinel, $"{path} m={m} n={n} k={k}: wrote past Y at {i - m * n}");
    }
}
