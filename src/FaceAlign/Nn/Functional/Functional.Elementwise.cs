// Element-wise arithmetic and reductions to a scalar: forward and backward side by side. Shapes must match exactly
// (no broadcasting: the networks here only add residuals and multiply attention-style maps of equal shape).
using System.Numerics.Tensors;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>y = a + b.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        NnThrow.SameShape("Add", a, b);
        var y = Tensor.Empty([.. a.Shape]);
        TensorPrimitives.Add(a.Span, b.Span, y.Span);
        GradMode.Record(y, () =>
        {
            var dY = y.Grad!.Span;
            if (a.RequiresGrad) TensorPrimitives.Add(a.GradOrCreate().Span, dY, a.Grad!.Span);
            if (b.RequiresGrad) TensorPrimitives.Add(b.GradOrCreate().Span, dY, b.Grad!.Span);
        }, a, b);
        return y;
    }

    /// <summary>y = a − b.</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        NnThrow.SameShape("Sub", a, b);
        var y = Tensor.Empty([.. a.Shape]);
        TensorPrimitives.Subtract(a.Span, b.Span, y.Span);
        GradMode.Record(y, () =>
        {
            var dY = y.Grad!.Span;
            if (a.RequiresGrad) TensorPrimitives.Add(a.GradOrCreate().Span, dY, a.Grad!.Span);
            if (b.RequiresGrad) TensorPrimitives.Subtract(b.GradOrCreate().Span, dY, b.Grad!.Span);
        }, a, b);
        return y;
    }

    /// <summary>y = a ⊙ b.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        NnThrow.SameShape("Mul", a, b);
        var y = Tensor.Empty([.. a.Shape]);
        TensorPrimitives.Multiply(a.Span, b.Span, y.Span);
        GradMode.Record(y, () =>
        {
            var dY = y.Grad!.Span;
            // dA += dY ⊙ b, dB += dY ⊙ a
            if (a.RequiresGrad) TensorPrimitives.FusedMultiplyAdd(dY, b.Span, a.GradOrCreate().Span, a.Grad!.Span);
            if (b.RequiresGrad) TensorPrimitives.FusedMultiplyAdd(dY, a.Span, b.GradOrCreate().Span, b.Grad!.Span);
        }, a, b);
        return y;
    }

    /// <summary>y = s · x.</summary>
    public static Tensor Scale(Tensor x, float s)
    {
        var y = Tensor.Empty([.. x.Shape]);
        TensorPrimitives.Multiply(x.Span, s, y.Span);
        GradMode.Record(y, () =>
            TensorPrimitives.FusedMultiplyAdd(y.Grad!.Span, s, x.GradOrCreate().Span, x.Grad!.Span), x);
        return y;
    }

    /// <summary>Σ x, a one-element tensor of shape (1).</summary>
    public static Tensor Sum(Tensor x)
    {
        var y = Tensor.Empty(1);
        y.Span[0] = (float)SumDouble(x.Span);
        GradMode.Record(y, () => TensorPrimitives.Add(x.GradOrCreate().Span, y.Grad!.Span[0], x.Grad!.Span), x);
        return y;
    }

    /// <summary>Mean of all elements, shape (1).</summary>
    public static Tensor Mean(Tensor x) => Scale(Sum(x), 1f / Math.Max(1, x.Length));

    /// <summary>A sum in double: losses and statistics add up many floats of mixed magnitude.</summary>
    internal static double SumDouble(ReadOnlySpan<float> values)
    {
        double s = 0;
        foreach (float v in values) s += v;
        return s;
    }
}
