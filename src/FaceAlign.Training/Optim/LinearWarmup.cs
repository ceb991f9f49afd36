// Linear warm-up in front of another schedule (Goyal et al. 2017, §2.2): for step < W the rate climbs linearly from
// startFactor·inner(0) to inner(0); from W on it is inner(step − W), so the inner schedule starts after warm-up.
namespace FaceAlign.Training.Optim;

public sealed class LinearWarmup(LearningRateSchedule inner, int warmupSteps, double startFactor = 0.1) : LearningRateSchedule
{
    public override double At(int step)
    {
        if (step >= warmupSteps) return inner.At(step - warmupSteps);
        double progress = Math.Max(0, step) / (double)warmupSteps;
        return inner.At(0) * (startFactor + (1 - startFactor) * progress);
    }
}
