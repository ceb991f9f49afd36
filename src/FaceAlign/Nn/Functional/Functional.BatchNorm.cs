// Batch normalisation (Ioffe & Szegedy 2015, Algorithm 1 and §3.1), forward and backward. Training normalises with
// the batch's biased variance and updates the running statistics as PyTorch does (momentum 0.1 by default, running
// variance from the unbiased estimate); evaluation normalises with the running statistics.
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>
    /// x (N, C) or (N, C, H, W); gamma, beta, runningMean, runningVar (C). In training the running statistics are
    /// updated in place: running = (1 − momentum)·running + momentum·batch.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
        bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        if (x.Rank is not (2 or 4)) throw NnThrow.Shape("BatchNorm", "expects (N, C) or (N, C, H, W)", x);
        int n = x.Shape[0], c = x.Shape[1], inner = x.Rank == 4 ? x.Shape[2] * x.Shape[3] : 1;
        foreach (var p in new[] { gamma, beta, runningMean, runningVar })
            if (p.Length != c) throw NnThrow.Shapes("BatchNorm", "expects per-channel parameters (C) for input (N, C, ...)", x, p);
        int count = n * inner;
        if (training && count < 2)
            throw NnThrow.Shape("BatchNorm", "needs more than one value per channel in training mode", x);

        // mean and 1/σ per channel: from the batch in training, from the running statistics in evaluation.
        var mean = new float[c];
        var invStd = new float[c];
        ReadOnlySpan<float> xs = x.Span;
        for (int ch = 0; ch < c; ch++)
        {
            if (training)
            {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < n; i++)
                {
                    var plane = xs.Slice((i * c + ch) * inner, inner);
                    foreach (float v in plane) sum += v;
                }
                double mu = sum / count;
                for (int i = 0; i < n; i++)
                {
                    var plane = xs.Slice((i * c + ch) * inner, inner);
                    foreach (float v in plane) sumSq += (v - mu) * (v - mu);
                }
                double variance = sumSq / count;
                mean[ch] = (float)mu;
                invStd[ch] = (float)(1 / Math.Sqrt(variance + eps));
                runningMean.Span[ch] = (1 - momentum) * runningMean.Span[ch] + momentum * (float)mu;
                runningVar.Span[ch] = (1 - momentum) * runningVar.Span[ch] + momentum * (float)(sumSq / (count - 1));
            }
            else
            {
                mean[ch] = runningMean.Span[ch];
                invStd[ch] = 1 / MathF.Sqrt(runningVar.Span[ch] + eps);
            }
        }

        var y = Tensor.Empty([.. x.Shape]);
        var ys = y.Span;
        ReadOnlySpan<float> gs = gamma.Span, bs = beta.Span;
        for (int i = 0; i < n; i++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                float scale = gs[ch] * invStd[ch], shift = bs[ch] - mean[ch] * scale;
                int start = (i * c + ch) * inner;
                for (int j = start; j < start + inner; j++) ys[j] = xs[j] * scale + shift;
            }
        }

        GradMode.Record(y, () =>
        {
            ReadOnlySpan<float> dY = y.Grad!.Span, xv = x.Span, gv = gamma.Span;
            Span<float> dX = x.GradSpanIfRequired(), dGamma = gamma.GradSpanIfRequired(), dBeta = beta.GradSpanIfRequired();
            for (int ch = 0; ch < c; ch++)
            {
                double sumDy = 0, sumDyXhat = 0;
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * inner;
                    for (int j = start; j < start + inner; j++)
                    {
                        sumDy += dY[j];
                        sumDyXhat += dY[j] * (xv[j] - mean[ch]) * invStd[ch];
                    }
                }
                if (!dGamma.IsEmpty) dGamma[ch] += (float)sumDyXhat;
                if (!dBeta.IsEmpty) dBeta[ch] += (float)sumDy;
                if (dX.IsEmpty) continue;
                float k = gv[ch] * invStd[ch];
                if (training)
                {
                    // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)): the batch statistics depend on x too.
                    float meanDy = (float)(sumDy / count), meanDyXhat = (float)(sumDyXhat / count);
                    for (int i = 0; i < n; i++)
                    {
                        int start = (i * c + ch) * inner;
                        for (int j = start; j < start + inner; j++)
                        {
                            float xhat = (xv[j] - mean[ch]) * invStd[ch];
                            dX[j] += k * (dY[j] - meanDy - xhat * meanDyXhat);
                        }
                    }
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        int start = (i * c + ch) * inner;
                        for (int j = start; j < start + inner; j++) dX[j] += k * dY[j];
                    }
                }
            }
        }, x, gamma, beta);
        return y;
    }
}
