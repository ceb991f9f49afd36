// Batch normalisation (Ioffe & Szegedy 2015, Algorithm 1 and §3.1), forward and backward. Training normalises with
// the batch's biased variance and updates the running statistics as PyTorch does (momentum 0.1 by default, running
// variance from the unbiased estimate); evaluation normalises with the running statistics. Channels are
// independent, so they run in parallel; each (n, c) plane is summed with Kernels.PlaneSums and written in one
// Vector512 pass. A ReLU or ReLU6 that follows (as Sequential runs Conv → BN → ReLU in training) can be fused: the
// same pass writes clamp(x̂·γ + β, 0, high), and the backward gates the incoming gradient by the clamp inside its own
// passes — one read and one write of every activation saved each way, bit for bit the result of the two ops.
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FaceAlign.Kernels;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>
    /// x (N, C) or (N, C, H, W); gamma, beta, runningMean, runningVar (C). In training the running statistics are
    /// updated in place: running = (1 − momentum)·running + momentum·batch. <paramref name="activation"/> ReLU or
    /// ReLU6 returns Relu(BatchNorm(...)) or Relu6(BatchNorm(...)), values and gradients identical, in one op.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
        bool training, float momentum = 0.1f, float eps = 1e-5f, Activation activation = Activation.None)
    {
        if (x.Rank is not (2 or 4)) throw NnThrow.Shape("BatchNorm", "expects (N, C) or (N, C, H, W)", x);
        int n = x.Shape[0], c = x.Shape[1], inner = x.Rank == 4 ? x.Shape[2] * x.Shape[3] : 1;
        foreach (var p in new[] { gamma, beta, runningMean, runningVar })
            if (p.Length != c) throw NnThrow.Shapes("BatchNorm", "expects per-channel parameters (C) for input (N, C, ...)", x, p);
        if (activation is not (Activation.None or Activation.Relu or Activation.Relu6))
            throw new ArgumentOutOfRangeException(nameof(activation), $"BatchNorm: fuses ReLU or ReLU6, not activation {(int)activation}");
        int count = n * inner;
        if (training && count < 2)
            throw NnThrow.Shape("BatchNorm", "needs more than one value per channel in training mode", x);

        bool clamped = activation != Activation.None;
        float high = activation == Activation.Relu6 ? 6f : float.PositiveInfinity;

        // mean and 1/σ per channel: from the batch in training, from the running statistics in evaluation; the
        // forward's scale and shift per channel, which the backward's clamp gate recomputes the pre-activation with.
        var mean = new float[c];
        var invStd = new float[c];
        var scales = new float[c];
        var shifts = new float[c];
        var y = Tensor.Empty([.. x.Shape]);
        BatchParallel.For(c, ch =>
        {
            if (training)
            {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < n; i++) sum += PlaneSums.Sum(x.Span.Slice((i * c + ch) * inner, inner));
                double mu = sum / count;
                // Two passes (centre, then square) avoid E[x²] − μ² cancellation.
                for (int i = 0; i < n; i++) sumSq += PlaneSums.CentredSumOfSquares(x.Span.Slice((i * c + ch) * inner, inner), (float)mu);
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
            scales[ch] = scale;
            shifts[ch] = shift;
            for (int i = 0; i < n; i++)
            {
                int start = (i * c + ch) * inner;
                ScaleShift(x.Span.Slice(start, inner), scale, shift, y.Span.Slice(start, inner), clamped, high);
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
                var gate = new ClampGate(scales[ch], shifts[ch], high);
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * inner;
                    var (planeDy, planeDyX) = clamped
                        ? PlaneSums.SumAndDot(dY.Slice(start, inner), xv.Slice(start, inner), gate)
                        : PlaneSums.SumAndDot(dY.Slice(start, inner), xv.Slice(start, inner));
                    sumDy += planeDy;
                    sumDyX += planeDyX;
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
                    if (clamped)
                        InputGradient(dY.Slice(start, inner), k, xv.Slice(start, inner), a, b, dX, fresh, training, gate);
                    else if (training)
                        InputGradient(dY.Slice(start, inner), k, xv.Slice(start, inner), a, b, dX, fresh, training, default(OpenGate));
                    else if (fresh)
                        TensorPrimitives.Multiply(dY.Slice(start, inner), k, dX);
                    else
                        TensorPrimitives.FusedMultiplyAdd(dY.Slice(start, inner), k, dX, dX);
                }
            });
        }, x, gamma, beta);
        return y;
    }

    /// <summary>
    /// y = x·scale + shift, rounded after the product and after the sum (as a multiply pass then an add pass); when
    /// <paramref name="clamped"/>, then clamped to [0, high] as Relu/Relu6 clamp (Max and Min propagate NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> y, bool clamped, float high)
    {
        if (y.Length < x.Length) throw new ArgumentException($"ScaleShift: output of {y.Length} values for {x.Length} inputs");
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            ref float py = ref MemoryMarshal.GetReference(y);
            var vs = Vector512.Create(scale);
            var vb = Vector512.Create(shift);
            var vh = Vector512.Create(high);
            for (; i + 16 <= x.Length; i += 16)
            {
                var z = Vector512.LoadUnsafe(ref px, (nuint)i) * vs + vb;
                if (clamped) z = Vector512.Min(Vector512.Max(z, Vector512<float>.Zero), vh);
                z.StoreUnsafe(ref py, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            float z = x[i] * scale + shift;
            y[i] = clamped ? Math.Min(Math.Max(z, 0f), high) : z;
        }
    }

    /// <summary>
    /// Training: dX = fma(x, a, fma(g, k, dX)) + b in one pass, the same roundings, in the same order, as three passes
    /// (TensorPrimitives.FusedMultiplyAdd twice, then Add), with dX read and written once instead of three times.
    /// Evaluation: dX = fma(g, k, dX), or g·k when fresh (as TensorPrimitives' Multiply and FusedMultiplyAdd). g = gate(x, dY): dY, or for a fused activation dY where it let the value through.
    /// A <paramref name="fresh"/> dX holds garbage and is taken as zero (fma(g, k, 0) rounds as g·k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradient<TGate>(ReadOnlySpan<float> dY, float k, ReadOnlySpan<float> x, float a, float b, Span<float> dX,
        bool fresh, bool training, TGate gate) where TGate : struct, IGradientGate
    {
        if (dY.Length < dX.Length || x.Length < dX.Length)
            throw new ArgumentException($"BatchNorm input gradient: dY ({dY.Length}) and x ({x.Length}) shorter than dX ({dX.Length})");
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float pdy = ref MemoryMarshal.GetReference(dY);
            ref float px = ref MemoryMarshal.GetReference(x);
            ref float pdx = ref MemoryMarshal.GetReference(dX);
            var vk = Vector512.Create(k);
            var va = Vector512.Create(a);
            var vb = Vector512.Create(b);
            for (; i + 16 <= dX.Length; i += 16)
            {
                var xi = Vector512.LoadUnsafe(ref px, (nuint)i);
                var g = gate.Apply(xi, Vector512.LoadUnsafe(ref pdy, (nuint)i));
                var acc = training
                    ? Vector512.FusedMultiplyAdd(xi, va, Vector512.FusedMultiplyAdd(g, vk, fresh ? Vector512<float>.Zero : Vector512.LoadUnsafe(ref pdx, (nuint)i))) + vb
                    : fresh ? g * vk : Vector512.FusedMultiplyAdd(g, vk, Vector512.LoadUnsafe(ref pdx, (nuint)i));
                acc.StoreUnsafe(ref pdx, (nuint)i);
            }
        }
        for (; i < dX.Length; i++)
        {
            float g = gate.Apply(x[i], dY[i]);
            dX[i] = training ? MathF.FusedMultiplyAdd(x[i], a, MathF.FusedMultiplyAdd(g, k, fresh ? 0f : dX[i])) + b
                : fresh ? g * k : MathF.FusedMultiplyAdd(g, k, dX[i]);
        }
    }
}
