// The four conv–BatchNorm–activation blocks RetinaFace's networks are built from, named as in
// biubug6/Pytorch_Retinaface models/net.py so a Sequential's children (0 = conv, 1 = bn, 2 = act, ...) give the same
// state-dict names. Every conv is bias-free (BatchNorm follows); every activation is a leaky ReLU with slope 0.1,
// which is what net.py picks for the mobile variant (out_channels ≤ 64).
using FaceAlign.Nn.Layers;

namespace FaceAlign.Detection;

internal static class ConvBlocks
{
    public const float LeakySlope = 0.1f;

    /// <summary>conv_bn: 3×3 conv (stride s, pad 1) → BN → leaky ReLU.</summary>
    public static Sequential ConvBn(int cin, int cout, int stride, Random rng) => new(
        new Conv2d(cin, cout, 3, stride, padding: 1, bias: false, rng: rng), new BatchNorm2d(cout), new LeakyReLU(LeakySlope));

    /// <summary>conv_bn_no_relu: 3×3 conv (pad 1) → BN, no activation.</summary>
    public static Sequential ConvBnNoRelu(int cin, int cout, Random rng) => new(
        new Conv2d(cin, cout, 3, 1, padding: 1, bias: false, rng: rng), new BatchNorm2d(cout));

    /// <summary>conv_bn1X1: 1×1 conv → BN → leaky ReLU.</summary>
    public static Sequential ConvBn1x1(int cin, int cout, Random rng) => new(
        new Conv2d(cin, cout, 1, bias: false, rng: rng), new BatchNorm2d(cout), new LeakyReLU(LeakySlope));

    /// <summary>conv_dw: depthwise 3×3 (stride s) → BN → leaky ReLU → pointwise 1×1 → BN → leaky ReLU.</summary>
    public static Sequential ConvDw(int cin, int cout, int stride, Random rng) => new(
        new Conv2d(cin, cin, 3, stride, padding: 1, groups: cin, bias: false, rng: rng), new BatchNorm2d(cin), new LeakyReLU(LeakySlope),
        new Conv2d(cin, cout, 1, bias: false, rng: rng), new BatchNorm2d(cout), new LeakyReLU(LeakySlope));
}
