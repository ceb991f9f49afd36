using System.Numerics;

namespace FaceAlign.Landmarks;

/// <summary>
/// Mouth opening on iBUG 68 points: the mean gap between the inner lips (61↔67, 62↔66, 63↔65) divided by the mouth
/// width (corner 48 to corner 54). A neutral closed mouth gives about 0; a talking or smiling-open mouth 0.1–0.3,
/// a yawn or shout above 0.4. Used as the landmark-based "expression" attribute, not as an emotion classifier.
/// </summary>
public static class MouthOpening
{
    /// <summary>Ratio above which the mouth counts as open (an exaggerated expression in WFLW's sense).</summary>
    public const float OpenThreshold = 0.15f;

    public static float Ratio(ReadOnlySpan<Vector2> ibug68)
    {
        if (ibug68.Length != 68)
            throw new ArgumentException($"iBUG mark-up has 68 points, got {ibug68.Length}", nameof(ibug68));
        float width = Vector2.Distance(ibug68[48], ibug68[54]);
        if (!(width > 0))
            return 0f;
        float gap = (Vector2.Distance(ibug68[61], ibug68[67]) + Vector2.Distance(ibug68[62], ibug68[66]) + Vector2.Distance(ibug68[63], ibug68[65])) / 3f;
        return gap / width;
    }

    public static bool IsOpen(ReadOnlySpan<Vector2> ibug68) => Ratio(ibug68) > OpenThreshold;
}
