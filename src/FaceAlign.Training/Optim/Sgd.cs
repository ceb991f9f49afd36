// Stochastic gradient descent exactly as torch.optim.SGD: g = ∇ + λ·θ; with momentum μ the buffer starts as g and
// then b = μ·b + (1 − dampening)·g; Nesterov uses g + μ·b, otherwise b; θ −= lr·g.
using FaceAlign.Nn;

namespace FaceAlign.Training.Optim;

public sealed class Sgd : Optimizer
{
    private readonly Tensor[] buffers;  // per parameter, parameter-shaped (momentum only)
    private readonly Tensor[] steps;    // per parameter, ()

    public Sgd(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate, float momentum = 0,
        float dampening = 0, float weightDecay = 0, bool nesterov = false) : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Sgd: Nesterov momentum needs momentum > 0 and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        buffers = momentum == 0 ? [] : Parameters.Select(p => AddState(p.Name, "momentum_buffer", p.Parameter.Shape)).ToArray();
        steps = Parameters.Select(p => AddState(p.Name, "step", [])).ToArray();
    }

    public float Momentum { get; }

    public float Dampening { get; }

    public float WeightDecay { get; }

    public bool Nesterov { get; }

    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            if (p.Grad is null) continue;
            bool first = steps[i].Span[0] == 0;
            steps[i].Span[0] += 1;
            float lr = (float)LearningRate;
            Span<float> theta = p.Span, grad = p.Grad.Span, buf = Momentum == 0 ? default : buffers[i].Span;
            for (int j = 0; j < theta.Length; j++)
            {
                float g = grad[j] + WeightDecay * theta[j];
                if (Momentum != 0)
                {
                    buf[j] = first ? g : Momentum * buf[j] + (1 - Dampening) * g;
                    g = Nesterov ? g + Momentum * buf[j] : buf[j];
                }
                theta[j] -= lr * g;
            }
        }
    }
}
