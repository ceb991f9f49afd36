// SSH's context module (Najibi et al. 2017, §3.2, Fig. 3) as RetinaFace uses it on every pyramid level
// (biubug6/Pytorch_Retinaface models/net.py SSH): a 3×3 branch with half the channels beside two stacked 3×3 branches
// (receptive fields of 5×5 and 7×7) with a quarter each, sharing their first conv; concatenated, then ReLU.
// The member names — including the lower-case x of conv7x7_3 — are net.py's, so state dicts match.
// For inference (FuseForInference) the convs that read the same input are stacked into one — conv3X3 with conv5X5_1,
// conv5X5_2 with conv7X7_2 — so each input is unfolded once and the GEMMs are taller, and the concatenation and the
// final ReLU become one pass.
using FaceAlign.Kernels.ElementWise;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using static FaceAlign.Detection.ConvBlocks;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace FaceAlign.Detection;

public sealed class Ssh : Module, IFusable
{
    private readonly Sequential conv3X3, conv5X5_1, conv5X5_2, conv7X7_2, conv7x7_3;
    private readonly int half, quarter;
    private StackedConvs? stacked;  // inference only, after FuseForInference

    public Ssh(int inChannels, int outChannels, Random rng)
    {
        if (outChannels % 4 != 0) throw new ArgumentException($"SSH needs output channels divisible by 4, got {outChannels}");
        half = outChannels / 2;
        quarter = outChannels / 4;
        conv3X3 = RegisterModule("conv3X3", ConvBnNoRelu(inChannels, half, rng));
        conv5X5_1 = RegisterModule("conv5X5_1", ConvBn(inChannels, quarter, 1, rng));
        conv5X5_2 = RegisterModule("conv5X5_2", ConvBnNoRelu(quarter, quarter, rng));
        conv7X7_2 = RegisterModule("conv7X7_2", ConvBn(quarter, quarter, 1, rng));
        conv7x7_3 = RegisterModule("conv7x7_3", ConvBnNoRelu(quarter, quarter, rng));
    }

    /// <summary>x (N, Cin, H, W) → (N, Cout, H, W).</summary>
    public Tensor Forward(Tensor x)
    {
        if (stacked is not null && !GradMode.IsEnabled) return ForwardStacked(x, stacked);
        var a = conv3X3.Forward(x);              // (N, Cout/2, H, W)
        var shared = conv5X5_1.Forward(x);       // (N, Cout/4, H, W)
        var b = conv5X5_2.Forward(shared);       // (N, Cout/4, H, W)
        var c = conv7x7_3.Forward(conv7X7_2.Forward(shared));
        var joined = Functional.Concat(a, b, c);
        var y = Functional.Relu(joined);
        if (!GradMode.IsEnabled)
        {
            foreach (var t in new[] { a, shared, b, c, joined }) t.Dispose();
        }
        return y;
    }

    /// <summary>Folds each branch's BatchNorm and activation, then stacks the convs that share an input.</summary>
    public void FuseForInference()
    {
        foreach (var s in new[] { conv3X3, conv5X5_1, conv5X5_2, conv7X7_2, conv7x7_3 }) s.FuseForInference();
        stacked = new StackedConvs(
            Stack(Single(conv3X3), Single(conv5X5_1)),
            Stack(Single(conv5X5_2), Single(conv7X7_2)),
            Single(conv7x7_3));
    }

    // first: [a (half, no act) | shared (quarter, leaky)]; second on shared: [b (quarter, no act) | t (quarter, leaky)];
    // third on t: c. Output = ReLU([a | b | c]).
    private Tensor ForwardStacked(Tensor x, StackedConvs s)
    {
        int n = x.Shape[0], plane = x.Shape[2] * x.Shape[3];
        var first = s.First.Forward(x);                                   // (N, half + quarter, H, W)
        var shared = Tensor.Empty(n, quarter, x.Shape[2], x.Shape[3]);
        for (int i = 0; i < n; i++)
        {
            var slice = first.Span.Slice(((i * (half + quarter)) + half) * plane, quarter * plane);
            Activations.LeakyRelu(slice, LeakySlope, shared.Span.Slice(i * quarter * plane, quarter * plane));
        }
        var second = s.Second.Forward(shared);                            // (N, 2·quarter, H, W)
        var t = Tensor.Empty(n, quarter, x.Shape[2], x.Shape[3]);
        for (int i = 0; i < n; i++)
            Activations.LeakyRelu(second.Span.Slice((2 * i + 1) * quarter * plane, quarter * plane), LeakySlope, t.Span.Slice(i * quarter * plane, quarter * plane));
        var c = s.Third.Forward(t);                                       // (N, quarter, H, W)
        int outChannels = half + 2 * quarter;
        var y = Tensor.Empty(n, outChannels, x.Shape[2], x.Shape[3]);
        for (int i = 0; i < n; i++)
        {
            var image = y.Span.Slice(i * outChannels * plane, outChannels * plane);
            TensorPrimitives.Max(first.Span.Slice(i * (half + quarter) * plane, half * plane), 0f, image[..(half * plane)]);
            TensorPrimitives.Max(second.Span.Slice(2 * i * quarter * plane, quarter * plane), 0f, image.Slice(half * plane, quarter * plane));
            TensorPrimitives.Max(c.Span.Slice(i * quarter * plane, quarter * plane), 0f, image[((half + quarter) * plane)..]);
        }
        foreach (var temporary in new[] { first, shared, second, t, c }) temporary.Dispose();
        return y;
    }

    /// <summary>The one conv a fused conv–BN block became.</summary>
    private static Conv2d Single(Sequential fused) =>
        fused.Count == 1 && fused[0] is Conv2d conv ? conv : throw new InvalidOperationException("SSH: a branch did not fold into a single conv");

    /// <summary>One conv computing <paramref name="a"/>'s channels then <paramref name="b"/>'s, activation left to the caller.</summary>
    private static Conv2d Stack(Conv2d a, Conv2d b)
    {
        var both = new Conv2d(a.InChannels, a.OutChannels + b.OutChannels, a.KernelSize, a.Stride, a.Padding, a.Dilation, a.Groups, bias: true, new Random(0));
        a.Weight.Span.CopyTo(both.Weight.Span);
        b.Weight.Span.CopyTo(both.Weight.Span[a.Weight.Length..]);
        a.Bias!.Span.CopyTo(both.Bias!.Span);
        b.Bias!.Span.CopyTo(both.Bias!.Span[a.OutChannels..]);
        both.Eval();
        return both;
    }

    private sealed record StackedConvs(Conv2d First, Conv2d Second, Conv2d Third);
}
