// Point-wise activations and softmax, forward and backward side by side. Derivatives at kinks follow PyTorch:
// ReLU'(0) = 0, ReLU6'(0) = ReLU6'(6) = 0, LeakyReLU/PReLU use the negative slope at 0.
using System.Numerics.Tensors;
using FaceAlign.Kernels.ElementWise;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    public static Tensor Relu(Tensor x)
    {
        var y = Tensor.Empty([.. x.Shape]);
        Clamp(x, y, float.PositiveInfinity);
        if (GradMode.WillRecord(x)) RecordClamp(x, y, float.PositiveInfinity);
        return y;
    }

    public static Tensor Relu6(Tensor x)
    {
        var y = Tensor.Empty([.. x.Shape]);
        Clamp(x, y, 6f);
        if (GradMode.WillRecord(x)) RecordClamp(x, y, 6f);
        return y;
    }

    /// <summary>y = clamp(x, 0, high) (high = ∞: ReLU), in slices over threads for big tensors.</summary>
    private static void Clamp(Tensor x, Tensor y, float high)
    {
        if (BatchParallel.SlicesWorthwhile(x.Length))
            ClampParallel(x, y, high);
        else
            ClampSlice(x.Span, y.Span, high);
    }

    // The closure lives here, not in Clamp, so the serial path allocates none.
    private static void ClampParallel(Tensor x, Tensor y, float high) =>
        BatchParallel.ForSlices(x.Length, (start, length) => ClampSlice(x.Span.Slice(start, length), y.Span.Slice(start, length), high));

    private static void ClampSlice(ReadOnlySpan<float> x, Span<float> y, float high)
    {
        TensorPrimitives.Max(x, 0f, y);
        if (!float.IsPositiveInfinity(high)) TensorPrimitives.Min(y, high, y);
    }

    /// <summary>Backward of y = clamp(x, 0, high): dX += dY where 0 &lt; x &lt; high.</summary>
    private static void RecordClamp(Tensor x, Tensor y, float high) =>
        GradMode.Record(y, () =>
        {
            // x usually feeds only this op: its gradient is then written, not zeroed first and accumulated into.
            var dX = x.GradOrCreateUncleared(out bool fresh);
            if (BatchParallel.SlicesWorthwhile(x.Length))
                BatchParallel.ForSlices(x.Length, (start, length) => ClampGradient(x.Span.Slice(start, length), high,
                    y.Grad!.Span.Slice(start, length), dX.Span.Slice(start, length), fresh));
            else
                ClampGradient(x.Span, high, y.Grad!.Span, dX.Span, fresh);
        }, x);

    private static void ClampGradient(ReadOnlySpan<float> x, float high, ReadOnlySpan<float> dY, Span<float> dX, bool fresh)
    {
        if (fresh)
            ActivationGrad.Mask(x, 0f, high, dY, dX);
        else
            ActivationGrad.Accumulate(x, 0f, high, dY, dX);
    }

    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.01f)
    {
        var y = Tensor.Empty([.. x.Shape]);
        Activations.LeakyRelu(x.Span, negativeSlope, y.Span);
        GradMode.Record(y, () =>
        {
            // dX += dY · (x > 0 ? 1 : slope). Usually x feeds only this op, so its gradient does not exist yet and the
            // masked product can be written straight into it; otherwise it goes through a scratch and is added.
            bool fresh = x.Grad is null;
            var dX = x.GradOrCreate().Span;
            if (fresh)
            {
                Activations.LeakyReluBackward(y.Grad!.Span, x.Span, negativeSlope, dX);
                return;
            }
            using var masked = Tensor.Empty([.. x.Shape]);
            Activations.LeakyReluBackward(y.Grad!.Span, x.Span, negativeSlope, masked.Span);
            TensorPrimitives.Add(dX, masked.Span, dX);
        }, x);
        return y;
    }

    /// <summary>PReLU with one slope per channel (dim 1) or a single shared slope: weight (C) or (1).</summary>
    public static Tensor PRelu(Tensor x, Tensor weight)
    {
        if (x.Rank < 2) throw NnThrow.Shape("PRelu", "expects (N, C, ...)", x);
        int n = x.Shape[0], c = x.Shape[1], inner = x.Length / Math.Max(1, n * c);
        if (weight.Length != 1 && weight.Length != c)
            throw NnThrow.Shapes("PRelu", "expects a weight of 1 or C elements for input (N, C, ...)", x, weight);
        bool shared = weight.Length == 1;
        var y = Tensor.Empty([.. x.Shape]);
        ReadOnlySpan<float> xs = x.Span, a = weight.Span;
        var ys = y.Span;
        for (int i = 0; i < ys.Length; i++)
        {
            float slope = a[shared ? 0 : i / inner % c];
            ys[i] = xs[i] > 0 ? xs[i] : slope * xs[i];
        }
        GradMode.Record(y, () =>
        {
            ReadOnlySpan<float> dY = y.Grad!.Span, xv = x.Span, av = weight.Span;
            Span<float> dX = x.GradSpanIfRequired(), dA = weight.GradSpanIfRequired();
            for (int i = 0; i < dY.Length; i++)
            {
                int ch = shared ? 0 : i / inner % c;
                bool positive = xv[i] > 0;
                if (!dX.IsEmpty) dX[i] += positive ? dY[i] : av[ch] * dY[i];
                if (!dA.IsEmpty && !positive) dA[ch] += dY[i] * xv[i];
            }
        }, x, weight);
        return y;
    }

    public static Tensor Sigmoid(Tensor x)
    {
        var y = Tensor.Empty([.. x.Shape]);
        TensorPrimitives.Sigmoid(x.Span, y.Span);
        GradMode.Record(y, () =>
        {
            ReadOnlySpan<float> dY = y.Grad!.Span, ys = y.Span;
            var dX = x.GradOrCreate().Span;
            for (int i = 0; i < dX.Length; i++) dX[i] += dY[i] * ys[i] * (1 - ys[i]);
        }, x);
        return y;
    }

    /// <summary>Softmax over <paramref name="dim"/> (negative counts from the end), max-subtracted for stability.</summary>
    public static Tensor Softmax(Tensor x, int dim)
    {
        int axis = dim < 0 ? x.Rank + dim : dim;
        if ((uint)axis >= (uint)x.Rank) throw NnThrow.Shape("Softmax", $"dim {dim} is out of range", x);
        int size = x.Shape[axis], inner = 1;
        for (int i = axis + 1; i < x.Rank; i++) inner *= x.Shape[i];
        int outer = size == 0 || inner == 0 ? 0 : x.Length / (size * inner);
        var y = Tensor.Empty([.. x.Shape]);
        ReadOnlySpan<float> xs = x.Span;
        var ys = y.Span;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int start = o * size * inner + j;
                float max = float.NegativeInfinity;
                for (int k = 0; k < size; k++) max = Math.Max(max, xs[start + k * inner]);
                double sum = 0;
                for (int k = 0; k < size; k++)
                {
                    float e = MathF.Exp(xs[start + k * inner] - max);
                    ys[start + k * inner] = e;
                    sum += e;
                }
                float inv = (float)(1 / sum);
                for (int k = 0; k < size; k++) ys[start + k * inner] *= inv;
            }
        }
        GradMode.Record(y, () =>
        {
            // dX_k += y_k · (dY_k − Σ_j dY_j y_j)
            ReadOnlySpan<float> dY = y.Grad!.Span, yv = y.Span;
            var dX = x.GradOrCreate().Span;
            for (int o = 0; o < outer; o++)
            {
                for (int j = 0; j < inner; j++)
                {
                    int start = o * size * inner + j;
                    double dot = 0;
                    for (int k = 0; k < size; k++) dot += dY[start + k * inner] * yv[start + k * inner];
                    for (int k = 0; k < size; k++)
                    {
                        int idx = start + k * inner;
                        dX[idx] += yv[idx] * (dY[idx] - (float)dot);
                    }
                }
            }
        }, x);
        return y;
    }
}
