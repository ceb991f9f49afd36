using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>
/// A 2-D affine map held as the top two rows of a 3×3 matrix (OpenCV's 2×3 layout):
/// x' = M00·x + M01·y + M02, y' = M10·x + M11·y + M12. Points use FaceAlign's pixel convention
/// (x right, y down, origin at the top-left pixel's corner). Doubles, because transforms are fitted,
/// composed and inverted before a warp reads them; points stay <see cref="Vector2"/>.
/// </summary>
public readonly record struct AffineTransform(double M00, double M01, double M02, double M10, double M11, double M12)
{
    public static AffineTransform Identity { get; } = new(1, 0, 0, 0, 1, 0);

    public static AffineTransform Translation(double tx, double ty) => new(1, 0, tx, 0, 1, ty);

    public static AffineTransform Scaling(double sx, double sy) => new(sx, 0, 0, 0, sy, 0);

    /// <summary>x' = scale·R(angle)·x + (tx, ty). With y pointing down, a positive angle turns clockwise on screen.</summary>
    public static AffineTransform FromRotationScaleTranslation(double angleRadians, double scale, double tx, double ty)
    {
        double c = scale * Math.Cos(angleRadians), s = scale * Math.Sin(angleRadians);
        return new(c, -s, tx, s, c, ty);
    }

    /// <summary>Rotation by <paramref name="angleRadians"/> and uniform scaling about a fixed point.</summary>
    public static AffineTransform RotationAbout(Vector2 center, double angleRadians, double scale = 1) =>
        Translation(-center.X, -center.Y)
            .Then(FromRotationScaleTranslation(angleRadians, scale, 0, 0))
            .Then(Translation(center.X, center.Y));

    public double Determinant => M00 * M11 - M01 * M10;

    /// <summary>The map that applies this one first and then <paramref name="next"/>: next ∘ this.</summary>
    public AffineTransform Then(AffineTransform next) => new(
        next.M00 * M00 + next.M01 * M10,
        next.M00 * M01 + next.M01 * M11,
        next.M00 * M02 + next.M01 * M12 + next.M02,
        next.M10 * M00 + next.M11 * M10,
        next.M10 * M01 + next.M11 * M11,
        next.M10 * M02 + next.M11 * M12 + next.M12);

    /// <summary>The inverse map; throws when the linear part is singular (it collapses the plane to a line or point).</summary>
    public AffineTransform Invert()
    {
        if (!TryInvert(out var inverse))
            throw new InvalidOperationException($"affine transform is singular (determinant {Determinant:G3}) and has no inverse");
        return inverse;
    }

    public bool TryInvert(out AffineTransform inverse)
    {
        double det = Determinant;
        double scale = Math.Max(Math.Max(Math.Abs(M00), Math.Abs(M01)), Math.Max(Math.Abs(M10), Math.Abs(M11)));
        // Relative test: a determinant tiny compared with the entries squared means a numerically singular map.
        if (!double.IsFinite(det) || scale == 0 || Math.Abs(det) <= 1e-12 * scale * scale)
        {
            inverse = default;
            return false;
        }
        double r = 1 / det;
        double i00 = M11 * r, i01 = -M01 * r, i10 = -M10 * r, i11 = M00 * r;
        inverse = new(i00, i01, -(i00 * M02 + i01 * M12), i10, i11, -(i10 * M02 + i11 * M12));
        return true;
    }

    public Vector2 Apply(Vector2 p) => new(
        (float)(M00 * p.X + M01 * p.Y + M02),
        (float)(M10 * p.X + M11 * p.Y + M12));

    /// <summary>Maps every point of <paramref name="points"/> into <paramref name="destination"/> (may be the same span).</summary>
    public void Apply(ReadOnlySpan<Vector2> points, Span<Vector2> destination)
    {
        if (destination.Length < points.Length)
            throw new ArgumentException($"destination holds {destination.Length} points, need {points.Length}", nameof(destination));
        for (int i = 0; i < points.Length; i++)
            destination[i] = Apply(points[i]);
    }
}
