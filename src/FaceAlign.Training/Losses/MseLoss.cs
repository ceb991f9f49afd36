// Squared error ℓ = (p − t)² (nn.MSELoss; PFLD's L2 landmark loss with per-sample weights).
namespace FaceAlign.Training.Losses;

public sealed class MseLoss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    protected override double Value(float prediction, float target) => (prediction - (double)target) * (prediction - (double)target);

    protected override double Derivative(float prediction, float target) => 2 * (prediction - (double)target);
}
