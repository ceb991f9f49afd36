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

    [Fact]
    public void SumAndDot_refuses_spans_of_different_lengths() =>
        Assert.Throws<ArgumentException>(() => PlaneSums.SumAndDot(new float[5], new float[4]));
}
