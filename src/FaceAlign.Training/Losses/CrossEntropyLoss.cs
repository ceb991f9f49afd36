// Softmax cross-entropy over classes: logits (N, K), integer labels (N). A negative label marks a sample to ignore
// (RetinaFace's unmatched anchors): it contributes neither loss nor gradient. Mean divides by the summed weights of
// the counted samples, as nn.CrossEntropyLoss; with nothing counted the loss is 0 (PyTorch gives NaN).
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Training.Losses;

public sealed class CrossEntropyLoss(Reduction reduction = Reduction.Mean)
{
    public Reduction Reduction { get; } = reduction;

    public Tensor Forward(Tensor logits, ReadOnlySpan<int> labels, Tensor? sampleWeights = null)
    {
        if (logits.Rank != 2) throw new ArgumentException($"CrossEntropyLoss: expects logits (N, K), got rank {logits.Rank}");
        int n = logits.Shape[0], k = logits.Shape[1];
        if (labels.Length != n) throw new ArgumentException($"CrossEntropyLoss: {labels.Length} labels for {n} samples");
        if (sampleWeights is not null && sampleWeights.Length != n)
            throw new ArgumentException($"CrossEntropyLoss: expects one weight per sample (N = {n}), got {sampleWeights.Length}");
        for (int i = 0; i < n; i++)
            if (labels[i] >= k) throw new ArgumentException($"CrossEntropyLoss: label {labels[i]} of sample {i} is not below K = {k}");

        var label = labels.ToArray();
        var prob = new float[n * k];  // softmax, kept for backward
        double total = 0, weightSum = 0;
        ReadOnlySpan<float> z = logits.Span;
        for (int i = 0; i < n; i++)
        {
            var row = z.Slice(i * k, k);
            float max = float.NegativeInfinity;
            foreach (float v in row) max = Math.Max(max, v);
            double sum = 0;
            foreach (float v in row) sum += Math.Exp(v - max);
            for (int j = 0; j < k; j++) prob[i * k + j] = (float)(Math.Exp(row[j] - max) / sum);
            if (label[i] < 0) continue;
            double w = sampleWeights?.Span[i] ?? 1f;
            total += w * (Math.Log(sum) + max - row[label[i]]);  // −log softmax = logsumexp − z_label
            weightSum += w;
        }
        double scale = Reduction == Reduction.Mean ? (weightSum > 0 ? 1 / weightSum : 0) : 1;
        var loss = Tensor.Scalar((float)(total * scale));
        GradMode.Record(loss, () =>
        {
            // ∂ℓ/∂z_j = softmax_j − [j = label]
            var dZ = logits.GradOrCreate().Span;
            double upstream = loss.Grad!.Span[0] * scale;
            for (int i = 0; i < n; i++)
            {
                if (label[i] < 0) continue;
                float g = (float)(upstream * (sampleWeights?.Span[i] ?? 1f));
                for (int j = 0; j < k; j++) dZ[i * k + j] += g * (prob[i * k + j] - (j == label[i] ? 1f : 0f));
            }
        }, logits);
        return loss;
    }
}
