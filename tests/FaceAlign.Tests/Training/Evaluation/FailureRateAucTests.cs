using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class FailureRateAucTests
{
    [Fact]
    public void Hand_worked_four_faces()
    {
        // CED is 0 on [0, .02), .25 on [.02, .05), .5 on [.05, .08), .75 on [.08, .1]:
        // area = .25·.03 + .5·.03 + .75·.02 = .0375, AUC = .0375 / .1 = .375; one face of four fails.
        var r = FailureRateAuc.Compute([0.02f, 0.05f, 0.08f, 0.12f]);
        Assert.Equal(0.25, r.FailureRate, 12);
        Assert.Equal(0.375, r.Auc, 6);
        Assert.Equal(0.1, r.Threshold);
        Assert.Equal(1.0, FailureRateAuc.Compute([0f, 0f]).Auc, 12);
        Assert.Equal((1.0, 0.0), (FailureRateAuc.Compute([0.5f]).FailureRate, FailureRateAuc.Compute([0.5f]).Auc));
        // A face exactly at the threshold is not a failure (WFLW counts NME > 0.1).
        Assert.Equal(0, FailureRateAuc.Compute([0.1f], threshold: 0.1f).FailureRate);
    }

    [Fact]
    public void Exact_auc_matches_fine_trapezoidal_integration_of_the_ced()
    {
        var rng = new Random(11);
        var nmes = Enumerable.Range(0, 500).Select(_ => (float)(rng.NextDouble() * 0.15)).ToArray();
        // Independent numeric integration: trapezoids on a 1e-5 grid, as evaluation scripts do with numpy.trapz.
        int steps = 10000;
        double area = 0, previous = 1.0 * nmes.Count(e => e <= 0) / nmes.Length;
        for (int k = 1; k <= steps; k++)
        {
            double e = 0.1 * k / steps;
            double fraction = (double)nmes.Count(v => v <= e) / nmes.Length;
            area += (previous + fraction) / 2 * (0.1 / steps);
            previous = fraction;
        }
        Assert.Equal(area / 0.1, FailureRateAuc.Compute(nmes).Auc, 3);
    }

    [Fact]
    public void Invalid_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FailureRateAuc.Compute([]));
        Assert.Throws<ArgumentException>(() => FailureRateAuc.Compute([float.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FailureRateAuc.Compute([0.1f], 0));
    }
}
