using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>
/// A similarity: uniform scale, rotation, then translation — x' = Scale·R(Rotation)·x + (TranslationX, TranslationY).
/// It keeps shapes (angles and length ratios), which is what aligning a face to a template needs; a general
/// <see cref="AffineTransform"/> may shear. Rotation is in radians, clockwise on screen because y points down.
/// </summary>
public readonly record struct SimilarityTransform(double Scale, double Rotation, double TranslationX, double TranslationY)
{
    public static SimilarityTransform Identity { get; } = new(1, 0, 0, 0);

    public AffineTransform ToAffine() =>
        AffineTransform.FromRotationScaleTranslation(Rotation, Scale, TranslationX, TranslationY);

    public Vector2 Apply(Vector2 p) => ToAffine().Apply(p);

    /// <summary>The inverse similarity; throws when Scale is 0.</summary>
    public SimilarityTransform Invert()
    {
        if (Scale == 0 || !double.IsFinite(Scale))
            throw new InvalidOperationException($"similarity with scale {Scale} has no inverse");
        // x = (1/s)·R(−θ)·(x' − t)
        double s = 1 / Scale, c = Math.Cos(-Rotation), n = Math.Sin(-Rotation);
        double tx = -s * (c * TranslationX - n * TranslationY);
        double ty = -s * (n * TranslationX + c * TranslationY);
        return new(s, -Rotation, tx, ty);
    }
}
