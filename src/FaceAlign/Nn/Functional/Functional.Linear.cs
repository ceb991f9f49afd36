// Fully connected layer y = x·Wᵀ + b as PyTorch's nn.Linear (weight stored (out, in)), forward and backward.
using System.Numerics.Tensors;
using FaceAlign.Kernels;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>x (N, in) → y (N, out) with weight (out, in) and bias (out) or null.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        NnThrow.Rank("Linear", x, 2, "(N, in)");
        NnThrow.Rank("Linear", weight, 2, "(out, in)");
        int n = x.Shape[0], fin = x.Shape[1], fout = weight.Shape[0];
        if (weight.Shape[1] != fin) throw NnThrow.Shapes("Linear", "input (N, in) and weight (out, in) disagree on in", x, weight);
        if (bias is not null && bias.Length != fout) throw NnThrow.Shapes("Linear", "expects bias (out)", weight, bias);

        var y = Tensor.Empty(n, fout);
        Gemm.Sgemm(false, true, n, fout, fin, 1f, x.Span, fin, weight.Span, fin, 0f, y.Span, fout);
        if (bias is not null)
            for (int i = 0; i < n; i++) TensorPrimitives.Add(y.Span.Slice(i * fout, fout), bias.Span, y.Span.Slice(i * fout, fout));

        if (GradMode.IsEnabled && (x.RequiresGrad || weight.RequiresGrad || bias is { RequiresGrad: true }))
            RecordLinear(x, weight, bias, y);
        return y;
    }

    // Apart from Linear so that inference (nothing to record) allocates no closure.
    private static void RecordLinear(Tensor x, Tensor weight, Tensor? bias, Tensor y)
    {
        int n = x.Shape[0], fin = x.Shape[1], fout = weight.Shape[0];
        var inputs = bias is null ? new[] { x, weight } : new[] { x, weight, bias };
        GradMode.Record(y, () =>
        {
            var dY = y.Grad!.Span;
            // dX (N, in) += dY (N, out) · W (out, in)
            if (x.RequiresGrad) Gemm.Sgemm(false, false, n, fin, fout, 1f, dY, fout, weight.Span, fin, 1f, x.GradOrCreate().Span, fin);
            // dW (out, in) += dYᵀ (out, N) · x (N, in)
            if (weight.RequiresGrad) Gemm.Sgemm(true, false, fout, fin, n, 1f, dY, fout, x.Span, fin, 1f, weight.GradOrCreate().Span, fin);
            if (bias is { RequiresGrad: true })
            {
                var dB = bias.GradOrCreate().Span;
                for (int i = 0; i < n; i++) TensorPrimitives.Add(dB, dY.Slice(i * fout, fout), dB);
            }
        }, inputs);
    }
}
