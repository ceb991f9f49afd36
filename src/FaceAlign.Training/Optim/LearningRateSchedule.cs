// Learning-rate schedules as pure functions of the step (or epoch) index: nothing to checkpoint beyond the step,
// and a resumed run asks for the same index. Closed forms as torch.optim.lr_scheduler documents them.
namespace FaceAlign.Training.Optim;

public abstract class LearningRateSchedule
{
    public abstract double At(int step);

    /// <summary>Sets <paramref name="optimizer"/>'s rate for <paramref name="step"/>.</summary>
    public void Apply(Optimizer optimizer, int step) => optimizer.LearningRate = At(step);
}
