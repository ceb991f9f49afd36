using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>
/// Least-squares similarity between two 2-D point sets (Umeyama 1991, "Least-squares estimation of transformation
/// parameters between two point patterns", IEEE PAMI 13(4)): finds s, R, t minimising Σ wᵢ‖dstᵢ − (s·R·srcᵢ + t)‖².
/// Not a general affine or projective fit.
/// </summary>
public static class Umeyama
{
    /// <summary>
    /// Fits dst ≈ s·R·src + t. <paramref name="weights"/> is optional (empty = all 1); weights must be ≥ 0 with a positive sum.
    /// Throws <see cref="ArgumentException"/> for fewer than 2 points, mismatched lengths, non-finite input,
    /// or source points that all coincide (their spread is zero, so scale and rotation are undefined).
    /// </summary>
    public static SimilarityTransform Fit(ReadOnlySpan<Vector2> source, ReadOnlySpan<Vector2> destination, ReadOnlySpan<float> weights = default)
    {
        if (source.Length != destination.Length)
            throw new ArgumentException($"point sets differ in size: {source.Length} source, {destination.Length} destination points", nameof(destination));
        if (source.Length < 2)
            throw new ArgumentException($"a similarity fit needs at least 2 point pairs, got {source.Length}", nameof(source));
        if (!weights.IsEmpty && weights.Length != source.Length)
            throw new ArgumentException($"{weights.Length} weights for {source.Length} points", nameof(weights));

        // Weighted means (Umeyama eqs. 34–35).
        double wSum = 0, mxs = 0, mys = 0, mxd = 0, myd = 0;
        for (int i = 0; i < source.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            if (!(w >= 0) || !double.IsFinite(w))
                throw new ArgumentException($"weight {i} is {w}; weights must be finite and non-negative", nameof(weights));
            Vector2 s = source[i], d = destination[i];
            if (!float.IsFinite(s.X) || !float.IsFinite(s.Y) || !float.IsFinite(d.X) || !float.IsFinite(d.Y))
                throw new ArgumentException($"point pair {i} is not finite: {s} → {d}", nameof(source));
            wSum += w;
            mxs += w * s.X; mys += w * s.Y;
            mxd += w * d.X; myd += w * d.Y;
        }
        if (!(wSum > 0))
            throw new ArgumentException("weights sum to zero", nameof(weights));
        mxs /= wSum; mys /= wSum; mxd /= wSum; myd /= wSum;

        // Source variance σ² (eq. 36) and the two independent entries of the 2×2 covariance that a rotation can use:
        // a = tr(Σ) restricted to rotations (cos part), b = the antisymmetric part (sin part).
        double variance = 0, a = 0, b = 0;
        for (int i = 0; i < source.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            double px = source[i].X - mxs, py = source[i].Y - mys;
            double qx = destination[i].X - mxd, qy = destination[i].Y - myd;
            variance += w * (px * px + py * py);
            a += w * (px * qx + py * qy);
            b += w * (px * qy - py * qx);
        }
        double extent = Math.Max(Math.Abs(mxs), Math.Abs(mys)) + 1;
        if (variance <= 1e-12 * extent * extent * wSum)
            throw new ArgumentException("source points all coincide; scale and rotation are undefined", nameof(source));

        // In 2-D the SVD of eq. 38 collapses: the best proper rotation (det R = +1, i.e. Umeyama's S = diag(1, sign det)
        // reflection guard applied) has angle atan2(b, a), and tr(D·S) = √(a² + b²), so s = √(a² + b²)/σ² (eq. 42).
        double rotation = Math.Atan2(b, a);
        double scale = Math.Sqrt(a * a + b * b) / variance;
        double c = scale * Math.Cos(rotation), sn = scale * Math.Sin(rotation);
        double tx = mxd - (c * mxs - sn * mys);
        double ty = myd - (sn * mxs + c * mys);
        return new SimilarityTransform(scale, rotation, tx, ty);
    }
}
