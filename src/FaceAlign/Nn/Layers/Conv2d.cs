// nn.Conv2d: weight (Cout, Cin/groups, k, k), optional bias (Cout), initialised as PyTorch does (Kaiming-uniform
// with a = √5, i.e. U(±1/√fan_in), bias likewise). For inference a following BatchNorm2d and ReLU/ReLU6 can be
// folded in (Fold), giving a conv whose output write applies the activation.
using FaceAlign.Kernels;

namespace FaceAlign.Nn.Layers;

public sealed class Conv2d : Layer
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true, Random? rng = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: invalid channels {inChannels}→{outChannels}, kernel {kernelSize} or groups {groups}");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        rng ??= Random.Shared;
        float bound = 1f / MathF.Sqrt(inChannels / groups * kernelSize * kernelSize);
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, outChannels, inChannels / groups, kernelSize, kernelSize));
        if (bias) Bias = RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outChannels));
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int Dilation { get; }

    public int Groups { get; }

    public Tensor Weight { get; }  // (Cout, Cin/groups, k, k)

    public Tensor? Bias { get; }   // (Cout)

    /// <summary>Applied in the output write; set only on convs produced by <see cref="Fold"/>.</summary>
    public Activation FusedActivation { get; private init; }

    /// <summary>Slope of a leaky ReLU applied to the output (set only by <see cref="Fold"/>); null for none.</summary>
    public float? FusedLeakySlope { get; private init; }

    public override Tensor Forward(Tensor x) =>
        Functional.Conv2d(x, Weight, Bias, Stride, Padding, Dilation, Groups, FusedActivation, leakySlope: FusedLeakySlope);

    /// <summary>act(conv(x) + bias + <paramref name="residual"/>): a residual summed in the output write (not depthwise).</summary>
    public Tensor Forward(Tensor x, Tensor residual) =>
        Functional.Conv2d(x, Weight, Bias, Stride, Padding, Dilation, Groups, FusedActivation, residual);

    /// <summary>
    /// This conv with <paramref name="bn"/> (eval statistics) folded in — w' = w·γ/σ, b' = (b − μ)·γ/σ + β with
    /// σ = √(running_var + ε) — and <paramref name="activation"/> fused into the output write (or, with
    /// <paramref name="leakySlope"/>, a leaky ReLU applied to the output).
    /// </summary>
    public Conv2d Fold(BatchNorm2d? bn, Activation activation, float? leakySlope = null)
    {
        if (bn is not null && bn.IsTraining) throw new InvalidOperationException("Conv2d.Fold: BatchNorm must be in eval mode (running statistics)");
        if (bn is not null && bn.NumFeatures != OutChannels)
            throw new ArgumentException($"Conv2d.Fold: BatchNorm has {bn.NumFeatures} channels, the conv outputs {OutChannels}");
        var fused = new Conv2d(InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, Groups, bias: true, new Random(0))
        {
            FusedActivation = activation,
            FusedLeakySlope = leakySlope,
        };
        int perOut = Weight.Length / OutChannels;
        ReadOnlySpan<float> w = Weight.Span;
        Span<float> fw = fused.Weight.Span, fb = fused.Bias!.Span;
        for (int o = 0; o < OutChannels; o++)
        {
            float b = Bias?.Span[o] ?? 0f, scale = 1f, shift = 0f;
            if (bn is not null)
            {
                scale = bn.Weight.Span[o] / MathF.Sqrt(bn.RunningVar.Span[o] + bn.Eps);
                shift = bn.Bias.Span[o] - bn.RunningMean.Span[o] * scale;
            }
            for (int j = 0; j < perOut; j++) fw[o * perOut + j] = w[o * perOut + j] * scale;
            fb[o] = b * scale + shift;
        }
        fused.Train(IsTraining);
        return fused;
    }
}
