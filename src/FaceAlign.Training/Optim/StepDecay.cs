// StepLR: lr = base · γ^⌊step / stepSize⌋.
namespace FaceAlign.Training.Optim;

public sealed class StepDecay(float baseRate, int stepSize, float gamma = 0.1f) : LearningRateSchedule
{
    public override float At(int step) => baseRate * MathF.Pow(gamma, Math.Max(0, step) / Math.Max(1, stepSize));
}
