using System.Numerics.Tensors;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>
/// Per-channel operations over a (C, HW) layout — one contiguous plane of HW values per channel: bias-add and
/// BatchNorm's scale-shift (each with a fused activation), and the per-channel sums their backward passes need.
/// </summary>
public static class PerChannel
{
    /// <summary>x[c, i] = act(x[c, i] + bias[c]), in place.</summary>
    public static void AddBias(Span<float> x, ReadOnlySpan<float> bias, int channels, Activation activation = Activation.None)
    {
        int plane = PlaneSize(x.Length, channels, bias.Length, nameof(bias));
        for (int c = 0; c < channels; c++)
        {
            var p = x.Slice(c * plane, plane);
            if (activation == Activation.None)
                TensorPrimitives.Add(p, bias[c], p);
            else
                VectorLoop.Map(AffineOperator.For(1f, bias[c], activation), p, p);
        }
    }

    /// <summary>y[c, i] = act(x[c, i] · scale[c] + shift[c]): BatchNorm at inference, folded to one multiply-add.</summary>
    public static void ScaleShift(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, int channels,
        Span<float> y, Activation activation = Activation.None)
    {
        int plane = PlaneSize(x.Length, channels, scale.Length, nameof(scale));
        PlaneSize(x.Length, channels, shift.Length, nameof(shift));
        if (y.Length < x.Length)
            throw new ArgumentException($"output holds {y.Length} values, input {x.Length}", nameof(y));
        for (int c = 0; c < channels; c++)
            VectorLoop.Map(AffineOperator.For(scale[c], shift[c], activation), x.Slice(c * plane, plane), y.Slice(c * plane, plane));
    }

    /// <summary>sums[c] += Σᵢ x[c, i] — the bias gradient from dY.</summary>
    public static void AccumulateSums(ReadOnlySpan<float> x, int channels, Span<float> sums)
    {
        int plane = PlaneSize(x.Length, channels, sums.Length, nameof(sums));
        for (int c = 0; c < channels; c++)
            sums[c] += TensorPrimitives.Sum(x.Slice(c * plane, plane));
    }

    /// <summary>sums[c] += Σᵢ x[c, i] · y[c, i] — e.g. BatchNorm's Σ dY · x̂ for the scale gradient.</summary>
    public static void AccumulateDots(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int channels, Span<float> sums)
    {
        int plane = PlaneSize(x.Length, channels, sums.Length, nameof(sums));
        if (y.Length != x.Length)
            throw new ArgumentException($"operands differ in length: {x.Length} and {y.Length}", nameof(y));
        for (int c = 0; c < channels; c++)
            sums[c] += TensorPrimitives.Dot(x.Slice(c * plane, plane), y.Slice(c * plane, plane));
    }

    private static int PlaneSize(int length, int channels, int perChannelLength, string name)
    {
        if (channels < 1 || length % channels != 0)
            throw new ArgumentException($"{length} values do not split into {channels} equal channel planes", nameof(channels));
        if (perChannelLength < channels)
            throw new ArgumentException($"{name} holds {perChannelLength} values for {channels} channels", name);
        return length / channels;
    }
}
