// Shared driver for losses that compare prediction and target element by element (MSE, L1, smooth L1, Wing,
// BCE-with-logits): optional per-sample weights (N) scale every element of sample n; the scalar result is
// recorded for autograd with dPrediction += (dLoss · scale · w_n) · ℓ'(p, t). The target gets no gradient.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Training.Losses;

public abstract class ElementwiseLoss(Reduction reduction)
{
    public Reduction Reduction { get; } = reduction;

    /// <summary>prediction, target (N, ...) of equal shape; sampleWeights (N) or null → a (1) tensor.</summary>
    public Tensor Forward(Tensor prediction, Tensor target, Tensor? sampleWeights = null)
    {
        string op = GetType().Name;
        if (!prediction.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new ArgumentException($"{op}: prediction and target shapes differ: {Format(prediction)} and {Format(target)}");
        if (prediction.Rank < 1 || prediction.Length == 0)
            throw new ArgumentException($"{op}: expects a non-empty (N, ...) prediction, got {Format(prediction)}");
        int n = prediction.Shape[0], per = prediction.Length / n;
        if (sampleWeights is not null && sampleWeights.Length != n)
            throw new ArgumentException($"{op}: expects one weight per sample (N = {n}), got weights of shape {Format(sampleWeights)}");
        double scale = Reduction == Reduction.Mean ? 1.0 / prediction.Length : 1.0;

        double total = 0;
        ReadOnlySpan<float> p = prediction.Span, t = target.Span;
        for (int s = 0; s < n; s++)
        {
            double sample = 0;
            for (int i = s * per; i < (s + 1) * per; i++) sample += Value(p[i], t[i]);
            total += (sampleWeights?.Span[s] ?? 1f) * sample;
        }
        var loss = Tensor.Scalar((float)(total * scale));
        GradMode.Record(loss, () =>
        {
            ReadOnlySpan<float> pv = prediction.Span, tv = target.Span;
            var dP = prediction.GradOrCreate().Span;
            double upstream = loss.Grad!.Span[0] * scale;
            for (int s = 0; s < n; s++)
            {
                double k = upstream * (sampleWeights?.Span[s] ?? 1f);
                for (int i = s * per; i < (s + 1) * per; i++) dP[i] += (float)(k * Derivative(pv[i], tv[i]));
            }
        }, prediction);
        return loss;
    }

    /// <summary>ℓ(p, t) for one element.</summary>
    protected abstract double Value(float prediction, float target);

    /// <summary>∂ℓ/∂p for one element.</summary>
    protected abstract double Derivative(float prediction, float target);

    private static string Format(Tensor t) => "(" + string.Join(", ", t.Shape) + ")";
}
