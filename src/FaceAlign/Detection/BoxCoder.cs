// Box and landmark offsets relative to an anchor, with RetinaFace's variances (biubug6/Pytorch_Retinaface
// utils/box_utils.py encode/decode, encode_landm/decode_landm; the SSD parameterisation of Liu et al. 2016, eq. 2):
//   dx = (cx − acx) / (0.1·aw)    dy = (cy − acy) / (0.1·ah)    dw = ln(w / aw) / 0.2    dh = ln(h / ah) / 0.2
//   landmark k: (px − acx) / (0.1·aw), (py − acy) / (0.1·ah)
// Boxes are in the same pixel frame as the anchors (the network input), corners continuous (no +1).
using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Detection;

public static class BoxCoder
{
    /// <summary>Variance of the centre offsets (and landmark offsets).</summary>
    public const float CenterVariance = 0.1f;

    /// <summary>Variance of the log size ratios.</summary>
    public const float SizeVariance = 0.2f;

    /// <summary>Writes (dx, dy, dw, dh) of <paramref name="box"/> relative to <paramref name="anchor"/>. The box must be non-empty.</summary>
    public static void Encode(Box box, Anchor anchor, Span<float> offsets)
    {
        if (box.IsEmpty) throw new ArgumentException($"cannot encode an empty box {box}", nameof(box));
        offsets[0] = (box.CenterX - anchor.CenterX) / (CenterVariance * anchor.Width);
        offsets[1] = (box.CenterY - anchor.CenterY) / (CenterVariance * anchor.Height);
        offsets[2] = MathF.Log(box.Width / anchor.Width) / SizeVariance;
        offsets[3] = MathF.Log(box.Height / anchor.Height) / SizeVariance;
    }

    /// <summary>The box that offsets (dx, dy, dw, dh) describe relative to <paramref name="anchor"/>.</summary>
    public static Box Decode(ReadOnlySpan<float> offsets, Anchor anchor)
    {
        float cx = anchor.CenterX + offsets[0] * CenterVariance * anchor.Width;
        float cy = anchor.CenterY + offsets[1] * CenterVariance * anchor.Height;
        float w = anchor.Width * MathF.Exp(offsets[2] * SizeVariance);
        float h = anchor.Height * MathF.Exp(offsets[3] * SizeVariance);
        return Box.FromCenter(new Vector2(cx, cy), w, h);
    }

    /// <summary>Writes 2·n offsets (dx0, dy0, dx1, …) of the n <paramref name="points"/> relative to <paramref name="anchor"/>.</summary>
    public static void EncodeLandmarks(ReadOnlySpan<Vector2> points, Anchor anchor, Span<float> offsets)
    {
        for (int k = 0; k < points.Length; k++)
        {
            offsets[2 * k] = (points[k].X - anchor.CenterX) / (CenterVariance * anchor.Width);
            offsets[2 * k + 1] = (points[k].Y - anchor.CenterY) / (CenterVariance * anchor.Height);
        }
    }

    /// <summary>The points that 2·n offsets describe relative to <paramref name="anchor"/>.</summary>
    public static void DecodeLandmarks(ReadOnlySpan<float> offsets, Anchor anchor, Span<Vector2> points)
    {
        for (int k = 0; k < points.Length; k++)
        {
            points[k] = new Vector2(
                anchor.CenterX + offsets[2 * k] * CenterVariance * anchor.Width,
                anchor.CenterY + offsets[2 * k + 1] * CenterVariance * anchor.Height);
        }
    }
}
