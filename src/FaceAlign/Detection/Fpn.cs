// The feature pyramid (Lin et al. 2017, §3) of RetinaFace's mobile variant (biubug6/Pytorch_Retinaface models/net.py
// FPN): each backbone stage is projected to 64 channels by a 1×1 conv block; the coarser level, upsampled (nearest) to
// the finer one's size, is added, and a 3×3 conv block merges the sum. Stride 32 has no merge.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using static FaceAlign.Detection.ConvBlocks;

namespace FaceAlign.Detection;

public sealed class Fpn : Module
{
    private readonly Sequential output1, output2, output3, merge1, merge2;

    public Fpn(IReadOnlyList<int> inChannels, int outChannels, Random rng)
    {
        output1 = RegisterModule("output1", ConvBn1x1(inChannels[0], outChannels, rng));
        output2 = RegisterModule("output2", ConvBn1x1(inChannels[1], outChannels, rng));
        output3 = RegisterModule("output3", ConvBn1x1(inChannels[2], outChannels, rng));
        merge1 = RegisterModule("merge1", ConvBn(outChannels, outChannels, 1, rng));
        merge2 = RegisterModule("merge2", ConvBn(outChannels, outChannels, 1, rng));
    }

    /// <summary>Backbone stages (N, Ci, Hs, Ws) at strides 8, 16, 32 → pyramid levels (N, 64, Hs, Ws), same strides.</summary>
    public (Tensor P3, Tensor P4, Tensor P5) Forward(Tensor c3, Tensor c4, Tensor c5)
    {
        var p3 = output1.Forward(c3);
        var p4 = output2.Forward(c4);
        var p5 = output3.Forward(c5);
        p4 = merge2.Forward(AddUpsampled(p4, p5));
        p3 = merge1.Forward(AddUpsampled(p3, p4));
        return (p3, p4, p5);
    }

    /// <summary>fine + nearest-upsampled coarse; under NoGrad the operands are recycled once summed.</summary>
    private static Tensor AddUpsampled(Tensor fine, Tensor coarse)
    {
        var up = Functional.UpsampleNearest(coarse, fine.Shape[2], fine.Shape[3]);
        var sum = Functional.Add(fine, up);
        if (!GradMode.IsEnabled)
        {
            up.Dispose();
            fine.Dispose();
        }
        return sum;
    }
}
