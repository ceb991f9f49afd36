// MultiStepLR: lr = base · γ^(number of milestones ≤ step).
namespace FaceAlign.Training.Optim;

public sealed class MultiStepDecay(double baseRate, IReadOnlyList<int> milestones, double gamma = 0.1) : LearningRateSchedule
{
    public override double At(int step) => baseRate * Math.Pow(gamma, milestones.Count(m => m <= step));
}
