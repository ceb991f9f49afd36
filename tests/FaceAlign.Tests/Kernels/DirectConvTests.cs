using FaceAlign.Kernels;
using FaceAlign.Tests.Reference;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>DirectConv on every path against a double-precision loop, on odd shapes, strides, paddings and activations.</summary>
public class DirectConvTests
{
    // DirectConv.Path is internal, so theories name the paths.
    public static TheoryData<string> Paths => new() { "Scalar", "Vector256", "Vector512" };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_on_awkward_shapes(string pathName)
    {
        var path = Enum.Parse<DirectConv.Path>(pathName);
        var random = new Random(2000 + (int)path);
        int[] sides = [1, 2, 3, 5, 8, 15, 16, 17, 31, 33, 47];
        int[] outChannels = [1, 3, 8, 9, 16, 17];
        int checkedCount = 0;
        for (int variant = 0; checkedCount < 160; variant++)
        {
            int cin = 1 + variant % 3, k = new[] { 1, 2, 3, 5 }[variant / 3 % 4], stride = 1 + variant / 12 % 3, pad = variant / 5 % 3;
            if (cin * k * k > DirectConv.PreferredMaxTaps) continue;
            int h = sides[random.Next(sides.Length)], w = sides[random.Next(sides.Length)];
            var g = ConvGeometry.Square(cin, h, w, k, stride, pad);
            if (h + 2 * pad < k || w + 2 * pad < k) continue;
            Check(random, path, 1, g, outChannels[variant % outChannels.Length], variant % 5, bias: variant % 2 == 0);
            checkedCount++;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_on_model_first_convs(string pathName)
    {
        var path = Enum.Parse<DirectConv.Path>(pathName);
        var random = new Random(91);
        // RetinaFace's 3 → 8 at a small and an odd image size, PFLD's 3 → 16 at 112 px, a rectangular stride, a 1×1.
        Check(random, path, 1, ConvGeometry.Square(3, 64, 80, 3, 2, 1), 8, 4, bias: true);
        Check(random, path, 1, ConvGeometry.Square(3, 37, 53, 3, 2, 1), 8, 4, bias: true);
        Check(random, path, 1, ConvGeometry.Square(3, 112, 112, 3, 2, 1), 16, 1, bias: true);
        Check(random, path, 1, new ConvGeometry(2, 19, 23, 3, 2, 2, 1, 1, 0), 5, 0, bias: false);
        Check(random, path, 1, ConvGeometry.Square(8, 16, 32, 1), 16, 3, bias: true);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_with_many_taps(string pathName)
    {
        var path = Enum.Parse<DirectConv.Path>(pathName);
        var random = new Random(92);
        // The detector's 3×3 pyramid convs on big planes (scaled down), and a band of a single output row (C_in·W large).
        Check(random, path, 1, ConvGeometry.Square(32, 21, 37, 3, 1, 1), 16, 3, bias: true);
        Check(random, path, 1, ConvGeometry.Square(64, 9, 19, 3, 1, 1), 12, 0, bias: false);
        Check(random, path, 1, ConvGeometry.Square(40, 11, 300, 3, 2, 1), 9, 1, bias: true);
    }

    [Fact]
    public void Suits_few_taps_anywhere_and_more_taps_on_bigger_planes()
    {
        Assert.True(DirectConv.Suits(ConvGeometry.Square(3, 480, 640, 3, 2, 1), 8));
        Assert.True(DirectConv.Suits(ConvGeometry.Square(3, 7, 7, 3, 2, 1), 8));
        Assert.True(DirectConv.Suits(ConvGeometry.Square(64, 60, 80, 3, 1, 1), 64));
        Assert.False(DirectConv.Suits(ConvGeometry.Square(64, 30, 40, 3, 1, 1), 64));
        Assert.True(DirectConv.Suits(ConvGeometry.Square(32, 30, 40, 3, 1, 1), 24));
        Assert.False(DirectConv.Suits(ConvGeometry.Square(32, 15, 20, 3, 1, 1), 24));
        Assert.False(DirectConv.Suits(ConvGeometry.Square(3, 60, 80, 3, 1, 1, dilation: 2), 8));
        // 1×1: only few input channels on a plane of a multiple of 512 floats.
        Assert.True(DirectConv.Suits(ConvGeometry.Square(8, 240, 320, 1), 16));
        Assert.False(DirectConv.Suits(ConvGeometry.Square(8, 241, 320, 1), 16));
        Assert.False(DirectConv.Suits(ConvGeometry.Square(16, 240, 320, 1), 32));
    }

    [Fact]
    public void Two_threads_give_bit_identical_results()
    {
        var random = new Random(5);
        // Many bands of few channels; and a plane whose input rows fit one band, split so both threads get one.
        foreach (var (g, cout) in new[] { (ConvGeometry.Square(3, 150, 141, 3, 2, 1), 16), (ConvGeometry.Square(32, 30, 40, 3, 1, 1), 24) })
        {
            var x = RandomArray(random, g.Channels * g.Height * g.Width);
            var w = RandomArray(random, cout * g.ColumnRows);
            var b = RandomArray(random, cout);
            var y1 = new float[cout * g.OutputHeight * g.OutputWidth];
            var y2 = new float[y1.Length];
            DirectConv.Forward(x, g, cout, w, b, y1, new Epilogue(Activation.None, 0.1f), DirectConv.BestPath(), 1);
            DirectConv.Forward(x, g, cout, w, b, y2, new Epilogue(Activation.None, 0.1f), DirectConv.BestPath(), 2);
            Assert.Equal(y1, y2);
        }
    }

    [Fact]
    public void Rejects_bad_arguments_with_what_is_wrong()
    {
        var g = ConvGeometry.Square(3, 4, 4, 3, 1, 1);
        var x = new float[48];
        var w = new float[2 * 27];
        var y = new float[2 * 16];
        Assert.Contains("taps", Assert.Throws<ArgumentException>(() =>
            DirectConv.Forward(new float[461 * 16], ConvGeometry.Square(461, 4, 4, 3, 1, 1), 2, new float[2 * 461 * 9], [], y, Activation.None)).Message);
        Assert.Contains("dilation", Assert.Throws<ArgumentException>(() =>
            DirectConv.Forward(x, ConvGeometry.Square(3, 4, 4, 3, 1, 2, dilation: 2), 2, w, [], y, Activation.None)).Message);
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(new float[47], g, 2, w, [], y, Activation.None));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, g, 2, new float[53], [], y, Activation.None));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, g, 2, w, [1f], y, Activation.None));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, g, 2, w, [], new float[31], Activation.None));
        Assert.Throws<ArgumentException>(() => DirectConv.Forward(x, g, 2, w, [], y, Activation.Relu, 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => DirectConv.Forward(x, g, 0, w, [], y, Activation.None));
    }

    // Activation variants: 0–2 the Activation enum (None, Relu, Relu6), 3 leaky ReLU slope 0.1, 4 slope 0.25.
    private static void Check(Random random, DirectConv.Path path, int threads, ConvGeometry g, int cout, int activationVariant, bool bias)
    {
        const int Guard = 40;
        const float Sentinel = -12345f;
        int taps = g.ColumnRows, inLength = g.Channels * g.Height * g.Width, outLength = cout * g.OutputHeight * g.OutputWidth;
        // Every operand is a span at the front of a longer array whose tail holds NaN (inputs: reading it would poison
        // the result) or a sentinel (output: writing past it would change it).
        var x = WithTail(RandomArray(random, inLength).Select(v => 3 * v).ToArray(), Guard, float.NaN);
        var w = WithTail(RandomArray(random, cout * taps), Guard, float.NaN);
        var b = bias ? WithTail(RandomArray(random, cout), Guard, float.NaN) : [];
        var y = Enumerable.Repeat(float.NaN, outLength).Concat(Enumerable.Repeat(Sentinel, Guard)).ToArray();
        var activation = activationVariant < 3 ? (Activation)activationVariant : Activation.None;
        float? slope = activationVariant switch { 3 => 0.1f, 4 => 0.25f, _ => null };

        DirectConv.Forward(x.AsSpan(0, inLength), g, cout, w.AsSpan(0, cout * taps), bias ? b.AsSpan(0, cout) : default,
            y.AsSpan(0, outLength), new Epilogue(activation, slope), path, threads);

        var (sums, scales) = NaiveConv2d.Forward(x, g, cout, w, bias ? b : null);
        for (int i = 0; i < outLength; i++)
        {
            double expected = NaiveActivation.Apply(sums[i], activation, slope);
            double error = Math.Abs(y[i] - expected);
            if (!(error <= 1e-6 * (taps + 2) * scales[i] + 1e-30))
                Assert.Fail($"{path} {g} cout={cout} act={activationVariant} bias={bias}: y[{i}] = {y[i]}, expected {expected}");
        }
        for (int i = outLength; i < y.Length; i++)
            Assert.True(y[i] == Sentinel, $"{path} {g} cout={cout}: wrote past the output at {i - outLength}");
    }
}
