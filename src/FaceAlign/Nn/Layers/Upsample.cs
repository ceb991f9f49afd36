// nn.Upsample by an integer factor (the FPN uses ×2), nearest or bilinear (align_corners=False).
namespace FaceAlign.Nn.Layers;

public sealed class Upsample(int scaleFactor = 2, bool bilinear = false) : Layer
{
    public int ScaleFactor { get; } = scaleFactor;

    public bool Bilinear { get; } = bilinear;

    public override Tensor Forward(Tensor x)
    {
        NnThrow.Rank("Upsample", x, 4, "(N, C, H, W)");
        int h = x.Shape[2] * ScaleFactor, w = x.Shape[3] * ScaleFactor;
        return Bilinear ? Functional.UpsampleBilinear(x, h, w) : Functional.UpsampleNearest(x, h, w);
    }
}
