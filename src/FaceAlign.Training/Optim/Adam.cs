// Adam (Kingma & Ba 2015, Algorithm 1) and AdamW (Loshchilov & Hutter 2019, Algorithm 2) with PyTorch's exact
// arithmetic (torch/optim/adam.py, single-tensor path): hyper-parameters and bias corrections are doubles (Python
// floats) cast to float where they meet the tensors; m.lerp_(g, 1 − β₁); v = v·β₂ + (1 − β₂)·g·g;
// denom = √v / √(1 − β₂ᵗ) + ε; θ += −(lr / (1 − β₁ᵗ)) · (m / denom).
// Adam folds weight decay into the gradient (g += λθ); AdamW decays the weights directly first (θ *= 1 − lr·λ).
using FaceAlign.Nn;

namespace FaceAlign.Training.Optim;

public sealed class Adam : Optimizer
{
    private readonly Tensor[] expAvg;    // m, parameter-shaped
    private readonly Tensor[] expAvgSq;  // v, parameter-shaped
    private readonly Tensor[] steps;     // t, ()

    public Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate = 1e-3, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameters, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
        expAvg = Parameters.Select(p => AddState(p.Name, "exp_avg", p.Parameter.Shape)).ToArray();
        expAvgSq = Parameters.Select(p => AddState(p.Name, "exp_avg_sq", p.Parameter.Shape)).ToArray();
        steps = Parameters.Select(p => AddState(p.Name, "step", [])).ToArray();
    }

    /// <summary>AdamW: Adam with decoupled weight decay (PyTorch's default λ = 0.01).</summary>
    public static Adam W(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate = 1e-3,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01) =>
        new(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true);

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public bool DecoupledWeightDecay { get; }

    public override void Step()
    {
        float lerpWeight = (float)(1 - Beta1), beta2 = (float)Beta2, oneMinusBeta2 = (float)(1 - Beta2), eps = (float)Eps;
        float decay = (float)WeightDecay, decayFactor = (float)(1 - LearningRate * WeightDecay);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            if (p.Grad is null) continue;
            double t = steps[i].Span[0] += 1;
            float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, t)));
            float bias2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, t));
            Span<float> theta = p.Span, grad = p.Grad.Span, m = expAvg[i].Span, v = expAvgSq[i].Span;
            for (int j = 0; j < theta.Length; j++)
            {
                float g = grad[j];
                if (decay != 0)
                {
                    if (DecoupledWeightDecay) theta[j] *= decayFactor;
                    else g += decay * theta[j];
                }
                // torch.lerp with weight < 0.5: m + w·(g − m)
                m[j] += lerpWeight * (g - m[j]);
                v[j] = v[j] * beta2 + oneMinusBeta2 * g * g;
                float denom = MathF.Sqrt(v[j]) / bias2Sqrt + eps;
                theta[j] += -stepSize * (m[j] / denom);
            }
        }
    }
}
