// Absolute error ℓ = |p − t| (nn.L1Loss); the derivative at 0 is 0, as torch.sign gives.
namespace FaceAlign.Training.Losses;

public sealed class L1Loss(Reduction reduction = Reduction.Mean) : ElementwiseLoss(reduction)
{
    protected override double Value(float prediction, float target) => Math.Abs(prediction - (double)target);

    protected override double Derivative(float prediction, float target) => Math.Sign(prediction - (double)target);
}
