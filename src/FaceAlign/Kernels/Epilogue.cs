using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The activation a kernel applies to its accumulators before the single store: one of <see cref="Activation"/>, or a
/// leaky ReLU (x for x &gt; 0, slope·x otherwise; RetinaFace's backbone, slope 0.1), which the public enum does not
/// carry because it needs a slope.
/// </summary>
internal readonly struct Epilogue
{
    private readonly Activation activation;
    private readonly float slope;
    private readonly bool leaky;

    public Epilogue(Activation activation, float? leakySlope)
    {
        if (leakySlope is { } s && activation != Activation.None)
            throw new ArgumentException($"a leaky slope ({s}) excludes another activation ({activation})", nameof(leakySlope));
        this.activation = activation;
        leaky = leakySlope is not null;
        slope = leakySlope ?? 0f;
    }

    /// <summary>True when nothing is applied (no activation, no leaky slope).</summary>
    public bool IsIdentity => !leaky && activation == Activation.None;

    /// <summary>The activation over a whole span, in place (scalar fallbacks).</summary>
    public void Apply(Span<float> values)
    {
        if (leaky)
            ElementWise.Activations.LeakyRelu(values, slope, values);
        else
            ElementWise.Activations.Forward(activation, values, values);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(float v) =>
        leaky ? (v > 0 ? v : slope * v)
        : activation == Activation.Relu ? Math.Max(v, 0f)
        : activation == Activation.Relu6 ? Math.Clamp(v, 0f, 6f)
        : v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Apply(Vector256<float> v)
    {
        if (leaky)
            return Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * slope);
        if (activation != Activation.None)
            v = Vector256.MaxNative(v, Vector256<float>.Zero);
        if (activation == Activation.Relu6)
            v = Vector256.MinNative(v, Vector256.Create(6f));
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Apply(Vector512<float> v)
    {
        if (leaky)
            return Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, v * slope);
        if (activation != Activation.None)
            v = Vector512.MaxNative(v, Vector512<float>.Zero);
        if (activation == Activation.Relu6)
            v = Vector512.MinNative(v, Vector512.Create(6f));
        return v;
    }
}
