// Binary cross-entropy on logits z against targets t ∈ [0, 1], in the overflow-free form
// ℓ = max(z, 0) − z·t + ln(1 + e^−|z|) (as nn.BCEWithLogitsLoss); ∂ℓ/∂z = σ(z) − t.
namespace FaceAlign.Training.Losses;

public sealed class BceWithLogitsLoss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    protected override double Value(float prediction, float target)
    {
        double z = prediction;
        return Math.Max(z, 0) - z * target + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }

    protected override double Derivative(float prediction, float target) => 1 / (1 + Math.Exp(-(double)prediction)) - target;
}
