// SSH's context module (Najibi et al. 2017, §3.2, Fig. 3) as RetinaFace uses it on every pyramid level
// (biubug6/Pytorch_Retinaface models/net.py SSH): a 3×3 branch with half the channels beside two stacked 3×3 branches
// (receptive fields of 5×5 and 7×7) with a quarter each, sharing their first conv; concatenated, then ReLU.
// The member names — including the lower-case x of conv7x7_3 — are net.py's, so state dicts match.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using static FaceAlign.Detection.ConvBlocks;

namespace FaceAlign.Detection;

public sealed class Ssh : Module
{
    private readonly Sequential conv3X3, conv5X5_1, conv5X5_2, conv7X7_2, conv7x7_3;

    public Ssh(int inChannels, int outChannels, Random rng)
    {
        if (outChannels % 4 != 0) throw new ArgumentException($"SSH needs output channels divisible by 4, got {outChannels}");
        conv3X3 = RegisterModule("conv3X3", ConvBnNoRelu(inChannels, outChannels / 2, rng));
        conv5X5_1 = RegisterModule("conv5X5_1", ConvBn(inChannels, outChannels / 4, 1, rng));
        conv5X5_2 = RegisterModule("conv5X5_2", ConvBnNoRelu(outChannels / 4, outChannels / 4, rng));
        conv7X7_2 = RegisterModule("conv7X7_2", ConvBn(outChannels / 4, outChannels / 4, 1, rng));
        conv7x7_3 = RegisterModule("conv7x7_3", ConvBnNoRelu(outChannels / 4, outChannels / 4, rng));
    }

    /// <summary>x (N, Cin, H, W) → (N, Cout, H, W).</summary>
    public Tensor Forward(Tensor x)
    {
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
}
