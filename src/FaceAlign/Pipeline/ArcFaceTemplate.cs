// The five-point face template that ArcFace-style recognisers are trained on (insightface's arcface_dst), used to cut
// similarity-aligned crops. Not a landmark model: just where two eyes, a nose tip and two mouth corners should land.
using System.Numerics;

namespace FaceAlign.Pipeline;

public static class ArcFaceTemplate
{
    /// <summary>The side the template is defined for.</summary>
    public const int Size = 112;

    /// <summary>
    /// Eye (image-left, image-right), nose tip, mouth corners (image-left, image-right) for a 112×112 crop, in OpenCV's
    /// pixel convention (pixel centres at integers), as published with insightface (face_align.py, arcface_dst).
    /// </summary>
    public static ReadOnlySpan<Vector2> Points112 => s_points112;

    private static readonly Vector2[] s_points112 =
    [
        new(38.2946f, 51.6963f),
        new(73.5318f, 51.5014f),
        new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f),
        new(70.7299f, 92.2041f),
    ];

    /// <summary>
    /// The template for a <paramref name="size"/>×<paramref name="size"/> crop in FaceAlign's pixel convention (pixel
    /// centres at i + ½): scaled by size/112, then shifted by ½ so a crop matches insightface's cv2.warpAffine output.
    /// </summary>
    public static Vector2[] For(int size)
    {
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), $"crop size must be at least 1, got {size}");
        float scale = size / (float)Size;
        var points = new Vector2[5];
        for (int i = 0; i < points.Length; i++)
            points[i] = Points112[i] * scale + new Vector2(0.5f);
        return points;
    }
}
