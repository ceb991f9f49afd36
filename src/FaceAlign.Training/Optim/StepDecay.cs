// StepLR: lr = base · γ^⌊step / stepSize⌋.
namespace FaceAlign.Training.Optim;

public sealed class StepDecay(double baseRate, int stepSize, double gamma = 0.1) : LearningRateSchedule
{
    public override double At(int step) => baseRate * Math.Pow(gamma, Math.Max(0, step) / Math.Max(1, stepSize));
}
