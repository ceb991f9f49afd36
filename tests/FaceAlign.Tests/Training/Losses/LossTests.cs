// Each loss against a naive double reference (value and finite-difference gradient), with per-sample weights and
// both reductions, plus hand-worked values where the formula has a notable point (Wing's join, BCE's large logits).
using FaceAlign.Nn;
using FaceAlign.Tests.Nn.Reference;
using FaceAlign.Training.Losses;

namespace FaceAlign.Tests.Training.Losses;

public class LossTests
{
    private const int N = 3, D = 5;

    /// <summary>Σ_n w_n Σ_i ℓ(p, t), divided by N·D for the mean.</summary>
    private static double[] Reference(double[] p, double[] t, double[]? w, Reduction reduction, Func<double, double, double> loss)
    {
        double total = 0;
        for (int i = 0; i < p.Length; i++) total += (w?[i / D] ?? 1) * loss(p[i], t[i]);
        return [reduction == Reduction.Mean ? total / p.Length : total];
    }

    public static TheoryData<string, bool, Reduction> Cases()
    {
        var data = new TheoryData<string, bool, Reduction>();
        foreach (var name in new[] { "mse", "l1", "smoothl1", "wing", "bce" })
            foreach (bool weighted in new[] { false, true })
                foreach (var r in new[] { Reduction.Mean, Reduction.Sum })
                    data.Add(name, weighted, r);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Elementwise_losses_match_reference(string name, bool weighted, Reduction reduction)
    {
        (ElementwiseLoss loss, Func<double, double, double> f) = name switch
        {
            "mse" => ((ElementwiseLoss)new MseLoss(reduction), (Func<double, double, double>)((p, t) => (p - t) * (p - t))),
            "l1" => (new L1Loss(reduction), (p, t) => Math.Abs(p - t)),
            "smoothl1" => (new SmoothL1Loss(0.5f, reduction), (p, t) => Math.Abs(p - t) < 0.5 ? (p - t) * (p - t) : Math.Abs(p - t) - 0.25),
            "wing" => (new WingLoss(1.5f, 0.5f, reduction), (p, t) => Math.Abs(p - t) < 1.5
                ? 1.5 * Math.Log(1 + Math.Abs(p - t) / 0.5) : Math.Abs(p - t) - (1.5 - 1.5 * Math.Log(1 + 1.5 / 0.5))),
            _ => (new BceWithLogitsLoss(reduction), (z, t) => -(t * Math.Log(1 / (1 + Math.Exp(-z))) + (1 - t) * Math.Log(1 - 1 / (1 + Math.Exp(-z))))),
        };
        var rng = new Random(name.Length * 10 + (weighted ? 1 : 0));
        var target = name == "bce" ? Tensor.Uniform(rng, 0f, 1f, N, D) : Tensor.Uniform(rng, -2f, 2f, N, D);
        var weights = weighted ? Tensor.Uniform(rng, 0.2f, 2f, N) : null;
        var td = GradCheck.ToDouble(target);
        var wd = weights is null ? null : GradCheck.ToDouble(weights);
        GradCheck.Check([Tensor.Uniform(rng, -3f, 3f, N, D)], t => loss.Forward(t[0], target, weights),
            d => Reference(d[0], td, wd, reduction, f));
    }

    [Fact]
    public void Wing_is_continuous_at_w_and_logarithmic_inside()
    {
        var wing = new WingLoss(10, 2, Reduction.Sum);
        // Inside: 10·ln(1 + 4/2) = 10·ln 3; at |d| = w both pieces give 10·ln 6.
        Assert.Equal(10 * Math.Log(3), wing.Forward(Tensor.FromArray([4f], 1, 1), Tensor.Zeros(1, 1)).Item(), 4);
        float below = wing.Forward(Tensor.FromArray([9.9999f], 1, 1), Tensor.Zeros(1, 1)).Item();
        float above = wing.Forward(Tensor.FromArray([10.0001f], 1, 1), Tensor.Zeros(1, 1)).Item();
        Assert.Equal(10 * Math.Log(6), below, 3);
        Assert.Equal(10 * Math.Log(6), above, 3);
    }

    [Fact]
    public void Bce_with_logits_is_finite_for_extreme_logits()
    {
        // z = ±100: ℓ(100, 0) = 100, ℓ(−100, 1) = 100, ℓ(100, 1) ≈ e^−100 ≈ 0.
        var loss = new BceWithLogitsLoss(Reduction.Sum).Forward(Tensor.FromArray([100, -100, 100], 1, 3), Tensor.FromArray([0, 1, 1], 1, 3));
        Assert.Equal(200f, loss.Item(), 3);
    }

    [Theory]
    [InlineData(false, Reduction.Mean)]
    [InlineData(true, Reduction.Mean)]
    [InlineData(true, Reduction.Sum)]
    public void Cross_entropy_matches_reference_and_ignores_negative_labels(bool weighted, Reduction reduction)
    {
        int n = 5, k = 4;
        int[] labels = [2, -1, 0, 3, -1];
        var rng = new Random(weighted ? 8 : 9);
        var weights = weighted ? Tensor.Uniform(rng, 0.5f, 2f, n) : null;
        var wd = weights is null ? null : GradCheck.ToDouble(weights);
        var logits = Tensor.Uniform(rng, -3f, 3f, n, k);
        GradCheck.Check([logits], t => new CrossEntropyLoss(reduction).Forward(t[0], labels, weights), d =>
        {
            double total = 0, wsum = 0;
            for (int i = 0; i < n; i++)
            {
                if (labels[i] < 0) continue;
                double lse = Math.Log(Enumerable.Range(0, k).Sum(j => Math.Exp(d[0][i * k + j])));
                double w = wd?[i] ?? 1;
                total += w * (lse - d[0][i * k + labels[i]]);
                wsum += w;
            }
            return [reduction == Reduction.Mean ? total / wsum : total];
        });
        // Ignored rows get no gradient at all.
        Assert.All(logits.Grad!.ToArray().Skip(k).Take(k), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Shape_mismatch_names_the_loss_and_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new MseLoss().Forward(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));
        Assert.Contains("MseLoss", e.Message);
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(3, 2)", e.Message);
    }
}
