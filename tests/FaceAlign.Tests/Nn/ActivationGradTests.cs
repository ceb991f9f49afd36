// The vectorised activation masks against their scalar twin on every length 0–70 (all vector/tail splits), with
// values placed exactly on the kinks 0 and 6 where the mask must be closed.
using FaceAlign.Nn;

namespace FaceAlign.Tests.Nn;

public class ActivationGradTests
{
    [Fact]
    public void Vector_paths_match_the_scalar_twin_on_all_small_lengths()
    {
        var rng = new Random(1);
        for (int length = 0; length <= 70; length++)
        {
            var v = Enumerable.Range(0, length).Select(i => i % 7 == 0 ? 0f : i % 11 == 0 ? 6f : 16 * rng.NextSingle() - 8).ToArray();
            var dY = Enumerable.Range(0, length).Select(_ => rng.NextSingle() - 0.5f).ToArray();
            var start = Enumerable.Range(0, length).Select(_ => rng.NextSingle()).ToArray();
            foreach (float hi in new[] { 6f, float.PositiveInfinity })
            {
                var expected = (float[])start.Clone();
                var actual = (float[])start.Clone();
                ActivationGrad.ScalarRun(v, 0f, hi, dY, expected, accumulate: true);
                ActivationGrad.Accumulate(v, 0f, hi, dY, actual);
                Assert.Equal(expected, actual);

                var masked = new float[length];
                ActivationGrad.Mask(v, 0f, hi, dY, masked);
                for (int i = 0; i < length; i++)
                    Assert.Equal(v[i] > 0 && v[i] < hi ? dY[i] : 0f, masked[i]);
            }
        }
    }
}
