// Adam (Kingma & Ba 2015, Algorithm 1) and AdamW (Loshchilov & Hutter 2019, Algorithm 2) with PyTorch's exact
// arithmetic: m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², θ −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
// Adam folds weight decay into the gradient (g += λθ); AdamW decays the weights directly first (θ *= 1 − lr·λ).
using FaceAlign.Nn;

namespace FaceAlign.Training.Optim;

public sealed class Adam : Optimizer
{
    private readonly Tensor[] expAvg;    // m, parameter-shaped
    private readonly Tensor[] expAvgSq;  // v, parameter-shaped
    private readonly Tensor[] steps;     // t, ()

    public Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate = 1e-3f, float beta1 = 0.9f,
        float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0, bool decoupledWeightDecay = false)
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
    public static Adam W(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate = 1e-3f,
        float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0.01f) =>
        new(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true);

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Eps { get; }

    public float WeightDecay { get; }

    public bool DecoupledWeightDecay { get; }

    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Parameter;
            if (p.Grad is null) continue;
            float t = steps[i].Span[0] += 1;
            // PyTorch computes the bias corrections in double (Python floats) and the tensor arithmetic in float.
            double bias1 = 1 - Math.Pow(Beta1, t), bias2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, t));
            float stepSize = (float)(LearningRate / bias1), bias2SqrtF = (float)bias2Sqrt;
            Span<float> theta = p.Span, grad = p.Grad.Span, m = expAvg[i].Span, v = expAvgSq[i].Span;
            for (int j = 0; j < theta.Length; j++)
            {
                float g = grad[j];
                if (WeightDecay != 0)
                {
                    if (DecoupledWeightDecay) theta[j] *= 1 - LearningRate * WeightDecay;
                    else g += WeightDecay * theta[j];
                }
                m[j] = m[j] * Beta1 + (1 - Beta1) * g;  // torch lerp_(g, 1 − β₁)
                v[j] = v[j] * Beta2 + (1 - Beta2) * g * g;
                float denom = MathF.Sqrt(v[j]) / bias2SqrtF + Eps;
                theta[j] -= stepSize * m[j] / denom;
            }
        }
    }
}
