// MultiStepLR: lr = base · γ^(number of milestones ≤ step).
namespace FaceAlign.Training.Optim;

public sealed class MultiStepDecay(float baseRate, IReadOnlyList<int> milestones, float gamma = 0.1f) : LearningRateSchedule
{
    public override float At(int step) => baseRate * MathF.Pow(gamma, milestones.Count(m => m <= step));
}
