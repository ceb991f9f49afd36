using FaceAlign.Nn;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Tests.Training.PfldTraining;

public class PfldLossTests
{
    // Two samples, one landmark each (worked by hand):
    //  n=0: d = (0.3, 0.4), ‖d‖² = 0.25; Δθ = (0.1, 0, 0) → 1 − cos 0.1 = 0.00499583472; a = 2
    //  n=1: d = (0, 1),     ‖d‖² = 1;    Δθ = (0, π/3, 0) → 1 − cos π/3 = 0.5;           a = 1
    //  L = (2·0.00499583472·0.25 + 1·0.5·1) / 2 = 0.25124895868
    private static (Tensor P, Tensor T, Tensor A, Tensor At, float[] W) Case()
    {
        var p = Tensor.FromArray([0.5f, 0.5f, 1f, 1f], 2, 2);
        var t = Tensor.FromArray([0.2f, 0.1f, 1f, 0f], 2, 2);
        var a = Tensor.FromArray([0.1f, 0f, 0f, 0f, MathF.PI / 3, 0f], 2, 3);
        var at = Tensor.Zeros(2, 3);
        p.RequiresGrad = true;
        a.RequiresGrad = true;
        return (p, t, a, at, [2f, 1f]);
    }

    [Fact]
    public void Value_and_gradients_match_the_hand_computation()
    {
        var (p, t, a, at, w) = Case();
        var loss = PfldLoss.Forward(p, t, a, at, w);
        Assert.Equal(0.25124895868, loss.Item(), 6);
        loss.Backward();
        // ∂L/∂p̂_0 = (2/N)·a·A·d = 1·2·0.00499583472·(0.3, 0.4)
        Assert.Equal(0.0029975008, p.Grad!.Span[0], 6);
        Assert.Equal(0.0039966678, p.Grad.Span[1], 6);
        // ∂L/∂p̂_1 = 1·1·0.5·(0, 1)
        Assert.Equal(0.0, p.Grad.Span[2], 6);
        Assert.Equal(0.5, p.Grad.Span[3], 6);
        // ∂L/∂θ̂_1,pitch = (1/N)·a·‖d‖²·sin(π/3) = 0.5·0.8660254
        Assert.Equal(0.4330127, a.Grad!.Span[4], 5);
        // ∂L/∂θ̂_0,yaw = 0.5·2·0.25·sin 0.1
        Assert.Equal(0.5 * 2 * 0.25 * Math.Sin(0.1), a.Grad.Span[0], 6);
    }

    [Fact]
    public void Gradients_match_central_differences()
    {
        var (p, t, a, at, w) = Case();
        var loss = PfldLoss.Forward(p, t, a, at, w);
        loss.Backward();
        foreach (var x in new[] { p, a })
        {
            for (int i = 0; i < x.Length; i++)
            {
                float keep = x.Span[i];
                const float h = 1e-2f;
                x.Span[i] = keep + h;
                double up = PfldLoss.Forward(p, t, a, at, w).Item();
                x.Span[i] = keep - h;
                double down = PfldLoss.Forward(p, t, a, at, w).Item();
                x.Span[i] = keep;
                Assert.Equal((up - down) / (2 * h), x.Grad!.Span[i], 3);
            }
        }
    }

    [Fact]
    public void A_perfect_pose_estimate_or_a_perfect_landmark_gives_zero_loss()
    {
        var (p, t, _, at, w) = Case();
        Assert.Equal(0f, PfldLoss.Forward(p, t, Tensor.Zeros(2, 3), at, w).Item());
        Assert.Equal(0f, PfldLoss.Forward(t, t, Tensor.FromArray([1f, 1, 1, 1, 1, 1], 2, 3), at, w).Item());
    }

    [Fact]
    public void Mismatched_shapes_are_refused_with_a_message()
    {
        var (p, t, a, at, _) = Case();
        var e = Assert.Throws<ArgumentException>(() => PfldLoss.Forward(p, t, a, at, [1f]));
        Assert.Contains("attribute weights", e.Message);
        Assert.Throws<ArgumentException>(() => PfldLoss.Forward(p, Tensor.Zeros(2, 4), a, at, [1f, 1f]));
    }
}
