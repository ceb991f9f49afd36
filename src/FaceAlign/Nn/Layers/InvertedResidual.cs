// MobileNetV2's inverted residual block (Sandler et al. 2018, Table 1) as PFLD-pytorch writes it: `conv` is a
// Sequential of 1×1 expand → BN → act → depthwise 3×3 (stride s) → BN → act → 1×1 project → BN, so the state dict
// names are conv.0.weight, conv.1.running_mean, ..., conv.7.bias. PFLD uses ReLU; torchvision uses ReLU6.
using FaceAlign.Kernels;

namespace FaceAlign.Nn.Layers;

public sealed class InvertedResidual : Layer
{
    private readonly Sequential conv;

    public InvertedResidual(int inChannels, int outChannels, int stride, bool useResidual, int expandRatio,
        Activation activation = Activation.Relu, Random? rng = null)
    {
        if (useResidual && (stride != 1 || inChannels != outChannels))
            throw new ArgumentException($"InvertedResidual: a residual needs stride 1 and equal channels, got stride {stride}, {inChannels}→{outChannels}");
        if (activation == Activation.None) throw new ArgumentException("InvertedResidual: needs ReLU or ReLU6");
        UseResidual = useResidual;
        int hidden = inChannels * expandRatio;
        conv = RegisterModule("conv", new Sequential(
            new Conv2d(inChannels, hidden, 1, bias: false, rng: rng),                                        // (N, hidden, H, W)
            new BatchNorm2d(hidden),
            Act(activation),
            new Conv2d(hidden, hidden, 3, stride, padding: 1, groups: hidden, bias: false, rng: rng),       // (N, hidden, H/s, W/s)
            new BatchNorm2d(hidden),
            Act(activation),
            new Conv2d(hidden, outChannels, 1, bias: false, rng: rng),                                      // (N, Cout, H/s, W/s)
            new BatchNorm2d(outChannels)));
    }

    public bool UseResidual { get; }

    public override Tensor Forward(Tensor x)
    {
        if (FoldedForInference(x) is { } folded)
            return ForwardFolded(x, folded.Expand, folded.Depthwise, folded.Project);
        if (!UseResidual) return conv.Forward(x);
        if (conv[conv.Count - 1] is not Conv2d project)
        {
            var y = conv.Forward(x);
            var sum = Functional.Add(x, y);
            if (!Autograd.GradMode.IsEnabled) y.Dispose();
            return sum;
        }
        // Folded for inference, the block ends in the projection conv: the residual is summed in its output write.
        var h = x;
        for (int i = 0; i < conv.Count - 1; i++)
        {
            var next = conv[i].Forward(h);
            if (!Autograd.GradMode.IsEnabled && !ReferenceEquals(h, x)) h.Dispose();
            h = next;
        }
        var output = project.Forward(h, residual: x);
        if (!Autograd.GradMode.IsEnabled && !ReferenceEquals(h, x)) h.Dispose();
        return output;
    }

    /// <summary>
    /// The three convs of a block folded for inference (<see cref="Sequential.FuseForInference"/>: BatchNorms and
    /// activations inside the convs), when no gradient is recorded and a single image comes through; else null.
    /// </summary>
    private (Conv2d Expand, Conv2d Depthwise, Conv2d Project)? FoldedForInference(Tensor x) =>
        !Autograd.GradMode.IsEnabled && x.Rank == 4 && x.Shape[0] == 1 && conv.Count == 3
        && conv[0] is Conv2d { KernelSize: 1, Stride: 1, Padding: 0, Groups: 1, FusedLeakySlope: null } expand
        && conv[1] is Conv2d { KernelSize: 3, Stride: 1 or 2, Padding: 1, Dilation: 1, FusedLeakySlope: null } depthwise
        && depthwise.Groups == depthwise.InChannels && depthwise.OutChannels == depthwise.InChannels
        && conv[2] is Conv2d project
            ? (expand, depthwise, project)
            : null;

    /// <summary>
    /// One image through the folded block: expand and depthwise as one op (<see cref="Functional.ExpandDepthwise"/>,
    /// which keeps a big expanded map in L2), then the projection with the residual summed in its output write.
    /// </summary>
    private Tensor ForwardFolded(Tensor x, Conv2d expand, Conv2d depthwise, Conv2d project)
    {
        var hidden = Functional.ExpandDepthwise(x, expand.Weight, expand.Bias, expand.FusedActivation,
            depthwise.Weight, depthwise.Bias, depthwise.Stride, depthwise.FusedActivation);
        var output = UseResidual ? project.Forward(hidden, residual: x) : project.Forward(hidden);
        hidden.Dispose();
        return output;
    }

    private static Layer Act(Activation activation) => activation == Activation.Relu6 ? new ReLU6() : new ReLU();
}
