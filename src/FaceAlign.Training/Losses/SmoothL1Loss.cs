// Smooth L1 (Girshick 2015, Fast R-CNN eq. 3, with PyTorch's beta): ℓ = 0.5·d²/β for |d| < β, else |d| − 0.5·β.
// β = 0 is plain L1. RetinaFace regresses boxes and landmarks with it.
namespace FaceAlign.Training.Losses;

public sealed class SmoothL1Loss : ElementwiseLoss
{
    public SmoothL1Loss(float beta = 1f, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), "SmoothL1Loss: beta must be ≥ 0");
        Beta = beta;
    }

    public float Beta { get; }

    protected override double Value(float prediction, float target)
    {
        double d = Math.Abs(prediction - (double)target);
        return d < Beta ? 0.5 * d * d / Beta : d - 0.5 * Beta;
    }

    protected override double Derivative(float prediction, float target)
    {
        double d = prediction - (double)target;
        return Math.Abs(d) < Beta ? d / Beta : Math.Sign(d);
    }
}
