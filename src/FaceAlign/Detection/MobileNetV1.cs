// MobileNetV1 at width 0.25 (Howard et al. 2017, Table 1 with α = 0.25) cut after its last 256-channel stage, as
// RetinaFace's mobile variant uses it (biubug6/Pytorch_Retinaface, models/net.py MobileNetV1 behind
// IntermediateLayerGetter, so the classifier is absent). Returns the three stages the feature pyramid reads.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;
using static FaceAlign.Detection.ConvBlocks;

namespace FaceAlign.Detection;

public sealed class MobileNetV1 : Module
{
    /// <summary>Output channels of stage1, stage2, stage3 (strides 8, 16, 32).</summary>
    public static readonly int[] StageChannels = [64, 128, 256];

    private readonly Sequential stage1, stage2, stage3;

    public MobileNetV1(Random rng)
    {
        stage1 = RegisterModule("stage1", new Sequential(
            ConvBn(3, 8, 2, rng),          // (N, 8, H/2, W/2)
            ConvDw(8, 16, 1, rng),
            ConvDw(16, 32, 2, rng),        // (N, 32, H/4, W/4)
            ConvDw(32, 32, 1, rng),
            ConvDw(32, 64, 2, rng),        // (N, 64, H/8, W/8)
            ConvDw(64, 64, 1, rng)));
        stage2 = RegisterModule("stage2", new Sequential(
            ConvDw(64, 128, 2, rng),       // (N, 128, H/16, W/16)
            ConvDw(128, 128, 1, rng),
            ConvDw(128, 128, 1, rng),
            ConvDw(128, 128, 1, rng),
            ConvDw(128, 128, 1, rng),
            ConvDw(128, 128, 1, rng)));
        stage3 = RegisterModule("stage3", new Sequential(
            ConvDw(128, 256, 2, rng),      // (N, 256, H/32, W/32)
            ConvDw(256, 256, 1, rng)));
    }

    /// <summary>input (N, 3, H, W) → stage outputs at strides 8, 16, 32 (sides rounded up at each stride-2 step).</summary>
    public (Tensor Stride8, Tensor Stride16, Tensor Stride32) Forward(Tensor input)
    {
        var c3 = stage1.Forward(input);
        var c4 = stage2.Forward(c3);
        return (c3, c4, stage3.Forward(c4));
    }
}
