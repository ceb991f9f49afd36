// Batch normalisation (Ioffe & Szegedy 2015, Algorithm 1 and §3.1), forward and backward. Training normalises with
// the batch's biased variance and updates the running statistics as PyTorch does (momentum 0.1 by default, running
// variance from the unbiased estimate); evaluation normalises with the running statistics. Channels are
// independent, so they run in parallel; each (n, c) plane is processed with vectorised TensorPrimitives.
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
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
        var y = Tensor.Empty([.. x.Shape]);
        BatchParallel.For(c, ch =>
        {
            if (training)
            {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < n; i++) sum += TensorPrimitives.Sum(x.Span.Slice((i * c + ch) * inner, inner));
                double mu = sum / count;
                // Two passes (centre, then square) avoid E[x²] − μ² cancellation; y's plane is the scratch space.
                for (int i = 0; i < n; i++)
                {
                    var centred = y.Span.Slice((i * c + ch) * inner, inner);
                    TensorPrimitives.Subtract(x.Span.Slice((i * c + ch) * inner, inner), (float)mu, centred);
                    sumSq += TensorPrimitives.SumOfSquares(centred);
                }
                mean[ch] = (float)mu;
                invStd[ch] = (float)(1 / Math.Sqrt(sumSq / count + eps));
                runningMean.Span[ch] = (1 - momentum) * runningMean.Span[ch] + momentum * (float)mu;
                runningVar.Span[ch] = (1 - momentum) * runningVar.Span[ch] + momentum * (float)(sumSq / (count - 1));
            }
            else
            {
                mean[ch] = runningMean.Span[ch];
                invStd[ch] = 1 / MathF.Sqrt(runningVar.Span[ch] + eps);
            }
            float scale = gamma.Span[ch] * invStd[ch], shift = beta.Span[ch] - mean[ch] * scale;
            for (int i = 0; i < n; i++)
            {
                int start = (i * c + ch) * inner;
                ScaleShift(x.Span.Slice(start, inner), scale, shift, y.Span.Slice(start, inner));
            }
        });

        GradMode.Record(y, () =>
        {
            bool wantX = x.RequiresGrad, fresh = false;
            // x (a conv's output) usually feeds only this op: its gradient is then written, not zeroed and added to.
            if (wantX) x.GradOrCreateUncleared(out fresh);
            if (gamma.RequiresGrad) gamma.GradOrCreate();
            if (beta.RequiresGrad) beta.GradOrCreate();
            BatchParallel.For(c, ch =>
            {
                ReadOnlySpan<float> dY = y.Grad!.Span, xv = x.Span;
                double sumDy = 0, sumDyX = 0;
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * inner;
                    sumDy += TensorPrimitives.Sum(dY.Slice(start, inner));
                    sumDyX += TensorPrimitives.Dot(dY.Slice(start, inner), xv.Slice(start, inner));
                }
                double sumDyXhat = (sumDyX - mean[ch] * sumDy) * invStd[ch];  // Σ dy·x̂ with x̂ = (x − μ)/σ
                if (gamma.RequiresGrad) gamma.Grad!.Span[ch] += (float)sumDyXhat;
                if (beta.RequiresGrad) beta.Grad!.Span[ch] += (float)sumDy;
                if (!wantX) return;
                float k = gamma.Span[ch] * invStd[ch];
                // Training: dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy·x̂)), since the batch statistics depend on x,
                // written as dx += k·dy + a·x + b. Evaluation: dx += k·dy.
                float a = 0, b = 0;
                if (training)
                {
                    double meanDy = sumDy / count, meanDyXhat = sumDyXhat / count;
                    a = (float)(-k * meanDyXhat * invStd[ch]);
                    b = (float)(-k * (meanDy - meanDyXhat * invStd[ch] * mean[ch]));
                }
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * inner;
                    var dX = x.Grad!.Span.Slice(start, inner);
                    if (training)
                        InputGradient(dY.Slice(start, inner), k, xv.Slice(start, inner), a, b, dX, fresh);
                    else if (fresh)
                        TensorPrimitives.Multiply(dY.Slice(start, inner), k, dX);
                    else
                        TensorPrimitives.FusedMultiplyAdd(dY.Slice(start, inner), k, dX, dX);
                }
            });
        }, x, gamma, beta);
        return y;
    }

    /// <summary>y = x·scale + shift, rounded after the product and after the sum (as a multiply pass then an add pass).</summary>
    private static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> y)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            var vb = Vector256.Create(shift);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Create(x.Slice(i, Vector256<float>.Count)) * vs + vb).CopyTo(y.Slice(i, Vector256<float>.Count));
        }
        for (; i < x.Length; i++) y[i] = x[i] * scale + shift;
    }

    /// <summary>
    /// dX = fma(x, a, fma(dY, k, dX)) + b in one pass: the same roundings, in the same order, as three passes
    /// (TensorPrimitives.FusedMultiplyAdd twice, then Add), with dX read and written once instead of three times.
    /// A <paramref name="fresh"/> dX holds garbage and is taken as zero (fma(dY, k, 0) rounds as dY·k).
    /// </summary>
    private static void InputGradient(ReadOnlySpan<float> dY, float k, ReadOnlySpan<float> x, float a, float b, Span<float> dX, bool fresh)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vk = Vector256.Create(k);
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (; i <= dX.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var acc = Vector256.FusedMultiplyAdd(Vector256.Create(dY.Slice(i, Vector256<float>.Count)), vk,
                    fresh ? Vector256<float>.Zero : Vector256.Create((ReadOnlySpan<float>)dX.Slice(i, Vector256<float>.Count)));
                acc = Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(i, Vector256<float>.Count)), va, acc);
                (acc + vb).CopyTo(dX.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < dX.Length; i++) dX[i] = MathF.FusedMultiplyAdd(x[i], a, MathF.FusedMultiplyAdd(dY[i], k, fresh ? 0f : dX[i])) + b;
    }
}
