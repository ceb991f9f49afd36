// Optimisers against steps worked out by hand from PyTorch's update rules, gradient clipping, schedules, and
// state save/restore.
using FaceAlign.Nn;
using FaceAlign.Training.Optim;

namespace FaceAlign.Tests.Training.Optim;

public class OptimizerTests
{
    private static Tensor Param(params float[] values)
    {
        var p = Tensor.FromArray(values, values.Length);
        p.RequiresGrad = true;
        return p;
    }

    private static void SetGrad(Tensor p, params float[] g) => g.CopyTo(p.GradOrCreate().Span);

    [Fact]
    public void Adam_matches_two_hand_worked_steps()
    {
        // lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e−8; θ₀ = (1, −2); g₁ = (0.5, −1); g₂ = (0.1, 0.3).
        var p = Param(1, -2);
        var adam = new Adam([("p", p)], learningRate: 0.1f);

        SetGrad(p, 0.5f, -1f);
        adam.Step();
        // m₁ = 0.1·g₁ = (0.05, −0.1); v₁ = 0.001·g₁² = (0.00025, 0.001)
        // step size = lr / (1 − 0.9) = 1; denominator = √v₁ / √(1 − 0.999) + ε = |g₁| + ε = (0.5, 1) + 1e−8
        double[] theta1 = [1 - 0.05 / (0.5 + 1e-8), -2 + 0.1 / (1 + 1e-8)];  // ≈ (0.9, −1.9)
        Assert.Equal(theta1[0], p.Span[0], 6);
        Assert.Equal(theta1[1], p.Span[1], 6);

        SetGrad(p, 0.1f, 0.3f);  // SetGrad overwrites: the engine leaves zeroing to the caller, so copy g₂ in directly
        adam.Step();
        // m₂ = 0.9·m₁ + 0.1·g₂ = (0.055, −0.06); v₂ = 0.999·v₁ + 0.001·g₂² = (0.00025975, 0.001089)
        // step size = 0.1 / (1 − 0.81) = 0.1 / 0.19; √(1 − 0.999²) = √0.001999
        double stepSize = 0.1 / 0.19, bc2 = Math.Sqrt(0.001999);
        double[] theta2 =
        [
            theta1[0] - stepSize * 0.055 / (Math.Sqrt(0.00025975) / bc2 + 1e-8),
            theta1[1] - stepSize * -0.06 / (Math.Sqrt(0.001089) / bc2 + 1e-8),
        ];
        Assert.Equal(theta2[0], p.Span[0], 5);
        Assert.Equal(theta2[1], p.Span[1], 5);
        Assert.Equal(2f, adam.State().Single(s => s.Name == "p.step").Value.Item());
    }

    [Fact]
    public void AdamW_decays_weights_before_the_adam_step_and_adam_folds_decay_into_the_gradient()
    {
        // One step, g = 0.5, θ = 2, lr 0.1, λ 0.5: the Adam step size is lr · m̂/√v̂ = 0.1 · sign(g) for any g.
        var pw = Param(2);
        var adamW = Adam.W([("p", pw)], learningRate: 0.1f, weightDecay: 0.5f);
        SetGrad(pw, 0.5f);
        adamW.Step();
        Assert.Equal(2 * (1 - 0.1 * 0.5) - 0.1, pw.Span[0], 5);  // θ·(1 − lr·λ) − lr

        var pa = Param(2);
        var adam = new Adam([("p", pa)], learningRate: 0.1f, weightDecay: 0.5f);
        SetGrad(pa, -5f);  // g + λθ = −5 + 1 = −4 < 0: the step goes up
        adam.Step();
        Assert.Equal(2 + 0.1, pa.Span[0], 5);
    }

    [Fact]
    public void Sgd_momentum_and_nesterov_match_hand_worked_steps()
    {
        // lr 0.1, μ 0.9, λ 0.01, θ₀ = 1, g = 2 on both steps.
        // Step 1: g' = 2 + 0.01·1 = 2.01; b = 2.01; θ = 1 − 0.201 = 0.799.
        // Step 2: g' = 2 + 0.00799 = 2.00799; b = 0.9·2.01 + 2.00799 = 3.81699; θ = 0.799 − 0.381699 = 0.417301.
        var p = Param(1);
        var sgd = new Sgd([("p", p)], 0.1f, momentum: 0.9f, weightDecay: 0.01f);
        SetGrad(p, 2);
        sgd.Step();
        Assert.Equal(0.799, p.Span[0], 5);
        sgd.Step();
        Assert.Equal(0.417301, p.Span[0], 5);

        // Nesterov, λ 0: step 1: b = 2, g'' = 2 + 0.9·2 = 3.8 → θ = 0.62; step 2: b = 3.8, g'' = 2 + 3.42 = 5.42 → θ = 0.078.
        var q = Param(1);
        var nesterov = new Sgd([("q", q)], 0.1f, momentum: 0.9f, nesterov: true);
        SetGrad(q, 2);
        nesterov.Step();
        Assert.Equal(0.62, q.Span[0], 5);
        nesterov.Step();
        Assert.Equal(0.078, q.Span[0], 5);
    }

    [Fact]
    public void State_round_trips_so_a_resumed_run_continues_identically()
    {
        var a = Param(1, 2, 3);
        var b = Param(1, 2, 3);
        var optA = new Adam([("w", a)], 0.05f);
        var optB = new Adam([("w", b)], 0.05f);
        SetGrad(a, 0.3f, -0.2f, 0.1f);
        optA.Step();
        Assert.Equal(["w.exp_avg", "w.exp_avg_sq", "w.step"], optA.State().Select(s => s.Name));
        a.Span.CopyTo(b.Span);
        optB.LoadState(optA.State().ToDictionary(s => s.Name, s => s.Value.Clone()));
        SetGrad(a, 0.7f, 0.1f, -0.4f);
        SetGrad(b, 0.7f, 0.1f, -0.4f);
        optA.Step();
        optB.Step();
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Throws<ArgumentException>(() => optB.LoadState(new Dictionary<string, Tensor>()));
    }

    [Fact]
    public void Clipping_scales_to_the_global_norm()
    {
        var a = Param(0, 0);
        var b = Param(0);
        SetGrad(a, 3, 0);
        SetGrad(b, 4);  // ‖g‖ = 5
        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm([a, b], 1f), 5);
        Assert.Equal(3f / 5, a.Grad!.Span[0], 5);
        Assert.Equal(4f / 5, b.Grad!.Span[0], 5);
        Assert.Equal(1f, GradientClipping.ClipByGlobalNorm([a, b], 10f), 5);  // under the limit: unchanged
        Assert.Equal(4f / 5, b.Grad!.Span[0], 5);
    }

    [Fact]
    public void Schedules_follow_their_closed_forms()
    {
        var step = new StepDecay(1, 10, 0.5);
        Assert.Equal([1.0, 1.0, 0.5, 0.25], new[] { 0, 9, 10, 25 }.Select(step.At));
        var multi = new MultiStepDecay(1f, [3, 7], 0.1f);
        Assert.Equal(1.0, multi.At(2));
        Assert.Equal(0.1f, multi.At(3), 6);
        Assert.Equal(0.01f, multi.At(100), 6);
        var cosine = new CosineDecay(1f, 100, 0.1f);
        Assert.Equal(1f, cosine.At(0), 6);
        Assert.Equal(0.55f, cosine.At(50), 6);  // halfway: min + (base − min)/2
        Assert.Equal(0.1f, cosine.At(100), 6);
        Assert.Equal(0.1f, cosine.At(150), 6);
        var warm = new LinearWarmup(cosine, 10, 0.1f);
        Assert.Equal(0.1f, warm.At(0), 6);
        Assert.Equal(0.55f, warm.At(5), 6);     // 0.1 + 0.9·5/10
        Assert.Equal(1f, warm.At(10), 6);       // the cosine starts after warm-up
        Assert.Equal(0.55f, warm.At(60), 6);
    }
}
