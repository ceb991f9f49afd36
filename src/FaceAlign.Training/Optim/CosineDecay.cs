// Cosine annealing (Loshchilov & Hutter 2017, SGDR eq. 5, one cycle): lr = min + (base − min)·(1 + cos(π·t/T))/2,
// held at min after T.
namespace FaceAlign.Training.Optim;

public sealed class CosineDecay(double baseRate, int totalSteps, double minRate = 0) : LearningRateSchedule
{
    public override double At(int step)
    {
        double t = Math.Clamp(step, 0, totalSteps) / (double)Math.Max(1, totalSteps);
        return (minRate + (baseRate - minRate) * (1 + Math.Cos(Math.PI * t)) / 2);
    }
}
