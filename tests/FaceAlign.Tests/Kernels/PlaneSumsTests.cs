using FaceAlign.Kernels;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>BatchNorm's per-plane sums against double-precision loops, on every length to 100 and PFLD's plane sizes.</summary>
public class PlaneSumsTests
{
    public static TheoryData<int> Lengths => [.. Enumerable.Range(0, 101).Concat([196, 784, 3136])];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sums_match_double_loops_and_read_nothing_past_the_span(int length)
    {
        var random = new Random(length);
        // NaN after the span: a vector that strays past its end turns the sums into NaN.
        var a = WithTail(RandomArray(random, length), 16, float.NaN);
        var b = WithTail(RandomArray(random, length), 16, float.NaN);
        var av = a.AsSpan(0, length);
        var bv = b.AsSpan(0, length);
        double sum = 0, dot = 0, centred = 0, sumAbs = 0, dotAbs = 0;
        const float mean = 0.25f;
        for (int i = 0; i < length; i++)
        {
            sum += a[i];
            dot += (double)a[i] * b[i];
            centred += (double)(a[i] - mean) * (a[i] - mean);
            sumAbs += Math.Abs(a[i]);
            dotAbs += Math.Abs((double)a[i] * b[i]);
        }
        // Float sums, in vector partials or (intrinsics off) one scalar chain: relative to the sum of the terms'
        // magnitudes the rounding stays below √n·2⁻²⁴ ≈ 3.4e-6 for n = 3,136 in practice; 1e-5 leaves room.
        Assert.Equal(sum, PlaneSums.Sum(av), 1e-5 * sumAbs + 1e-6);
        Assert.Equal(centred, PlaneSums.CentredSumOfSquares(av, mean), 1e-5 * centred + 1e-6);
        var (s, d) = PlaneSums.SumAndDot(av, bv);
        Assert.Equal(sum, s, 1e-5 * sumAbs + 1e-6);
        Assert.Equal(dot, d, 1e-5 * dotAbs + 1e-6);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Gated_sums_equal_the_ungated_sums_over_the_gated_values(int length)
    {
        var random = new Random(length + 1000);
        var dY = WithTail(RandomArray(random, length), 16, float.NaN);
        var x = WithTail(RandomArray(random, length), 16, float.NaN);
        // Some x exactly where the pre-activation 4·x + 2 is 0 or 6: the gate is closed there.
        for (int i = 0; i < length; i += 7) x[i] = i % 2 == 0 ? -0.5f : 1f;
        var gate = new ClampGate(4f, 2f, 6f);
        var gated = new float[length];
        for (int i = 0; i < length; i++)
        {
            float z = x[i] * 4f + 2f;
            gated[i] = z > 0 && z < 6 ? dY[i] : 0f;
        }
        var (s, d) = PlaneSums.SumAndDot(dY.AsSpan(0, length), x.AsSpan(0, length), gate);
        var (expectedSum, expectedDot) = PlaneSums.SumAndDot(gated, x.AsSpan(0, length));
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedSum), BitConverter.SingleToInt32Bits(s));
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedDot), BitConverter.SingleToInt32Bits(d));
        double sum = 0, dot = 0;
        for (int i = 0; i < length; i++)
        {
            sum += gated[i];
            dot += (double)gated[i] * x[i];
        }
        Assert.Equal(sum, s, 1e-5 * length + 1e-6);
        Assert.Equal(dot, d, 1e-5 * length + 1e-6);
    }

    [Fact]
    public void SumAndDot_refuses_spans_of_different_lengths() =>
        Assert.Throws<ArgumentException>(() => PlaneSums.SumAndDot(new float[5], new float[4]));
}
