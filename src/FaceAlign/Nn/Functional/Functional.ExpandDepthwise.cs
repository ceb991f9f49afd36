// The first two convs of a folded inverted-residual block, for inference: a 1×1 expand (Cin → hidden) and a depthwise
// 3×3 (stride 1 or 2, padding 1), each with its activation, computed a group of hidden channels at a time. On a big map
// the whole expanded tensor spills out of L2: PFLD-1X's stride-2 block expands 64 → 128 channels at 56×56, 1.6 MB
// written by the GEMM and read back by the depthwise conv, through L3 or, when the machine's other tenants have
// evicted it, DRAM. A group of 16 channels (200 KB) stays in L2 between the two kernels. That pair alone, alternating
// with the two convs in one process: the same 530–540 µs when it runs again and again on hot caches, 762–782 → 659–666 µs
// with the caches evicted before each call, as the rest of the network (or another tenant) does. Both kernels compute
// each output element by the same operations whatever the number of rows or channels they are given, so the output is
// bit-identical to the two convs run one after the other.
using FaceAlign.Kernels;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    // A hidden map up to this many floats per image (512 KB, half of L2) is computed in one group; bigger ones in groups
    // of about ExpandGroupFloats (256 KB).
    private const int ExpandWholeMaxFloats = 128 * 1024;
    private const int ExpandGroupFloats = 64 * 1024;

    /// <summary>
    /// act₂(depthwise3×3(act₁(expand(x) + expandBias), stride, padding 1) + depthwiseBias) with x (N, Cin, H, W),
    /// expandWeight (hidden, Cin, 1, 1), depthwiseWeight (hidden, 1, 3, 3), biases (hidden) or null → (N, hidden, Ho, Wo).
    /// Inference only: nothing is recorded for backward, so it refuses tensors that require gradients while gradients
    /// are recorded.
    /// </summary>
    public static Tensor ExpandDepthwise(Tensor x, Tensor expandWeight, Tensor? expandBias, Activation expandActivation,
        Tensor depthwiseWeight, Tensor? depthwiseBias, int stride, Activation depthwiseActivation)
    {
        const string Op = "ExpandDepthwise";
        NnThrow.Rank(Op, x, 4, "(N, Cin, H, W)");
        NnThrow.Rank(Op, expandWeight, 4, "(hidden, Cin, 1, 1)");
        NnThrow.Rank(Op, depthwiseWeight, 4, "(hidden, 1, 3, 3)");
        int n = x.Shape[0], cin = x.Shape[1], height = x.Shape[2], width = x.Shape[3], hidden = expandWeight.Shape[0];
        if (expandWeight.Shape[1] != cin || expandWeight.Shape[2] != 1 || expandWeight.Shape[3] != 1)
            throw NnThrow.Shapes(Op, "expects an expand weight (hidden, Cin, 1, 1) matching the input's channels", x, expandWeight);
        if (depthwiseWeight.Shape[0] != hidden || depthwiseWeight.Shape[1] != 1 || depthwiseWeight.Shape[2] != 3 || depthwiseWeight.Shape[3] != 3)
            throw NnThrow.Shapes(Op, "expects a depthwise weight (hidden, 1, 3, 3) for the expanded channels", expandWeight, depthwiseWeight);
        CheckBias(expandBias);
        CheckBias(depthwiseBias);
        if (stride is not (1 or 2))
            throw new ArgumentException($"{Op}: stride {stride} (the depthwise conv takes 1 or 2)");
        if (GradMode.IsEnabled && (x.RequiresGrad || expandWeight.RequiresGrad || depthwiseWeight.RequiresGrad
            || expandBias is { RequiresGrad: true } || depthwiseBias is { RequiresGrad: true }))
            throw new InvalidOperationException($"{Op} is for inference and records no gradient; use Conv2d twice when training");

        int plane = height * width, outHeight = (height - 1) / stride + 1, outWidth = (width - 1) / stride + 1, outPlane = outHeight * outWidth;
        int group = ExpandGroupChannels(hidden, plane);
        var y = Tensor.Empty(n, hidden, outHeight, outWidth);
        var expanded = TensorPool.Rent(group * plane, clear: false);
        for (int i = 0; i < n; i++)
        {
            var image = x.Span.Slice(i * cin * plane, cin * plane);
            for (int c = 0; c < hidden; c += group)
            {
                int channels = Math.Min(group, hidden - c);
                var groupPlanes = expanded.AsSpan(0, channels * plane);
                ConvGemm.Forward(channels, plane, cin, expandWeight.Span.Slice(c * cin, channels * cin), image,
                    expandBias is null ? default : expandBias.Span.Slice(c, channels), default, groupPlanes, expandActivation);
                DepthwiseConv3x3.Forward(groupPlanes, channels, height, width, depthwiseWeight.Span.Slice(c * 9, channels * 9),
                    depthwiseBias is null ? default : depthwiseBias.Span.Slice(c, channels), stride,
                    y.Span.Slice((i * hidden + c) * outPlane, channels * outPlane), depthwiseActivation);
            }
        }
        TensorPool.Return(expanded);
        return y;

        void CheckBias(Tensor? bias)
        {
            if (bias is not null && (bias.Rank != 1 || bias.Length != hidden))
                throw NnThrow.Shape(Op, $"expects biases of {hidden} values", bias);
        }
    }

    /// <summary>
    /// Channels per group: all of them while the expanded map fits in half of L2, else the most that fit in a quarter
    /// (at least 8), rounded down to a multiple of 8 (whole row panels of the AVX-512 GEMM tile).
    /// </summary>
    internal static int ExpandGroupChannels(int hidden, int plane)
    {
        if ((long)hidden * plane <= ExpandWholeMaxFloats)
            return hidden;
        return Math.Min(hidden, Math.Max(8, ExpandGroupFloats / plane / 8 * 8));
    }
}
