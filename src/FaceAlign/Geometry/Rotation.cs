namespace FaceAlign.Geometry;

/// <summary>
/// Rotations as 3×3 matrices: elementary rotations about the axes and the rotation-vector (axis × angle, radians)
/// exponential and logarithm maps (Rodrigues' formula). Right-handed; positive angles turn y toward z about x,
/// z toward x about y and x toward y about z.
/// </summary>
public static class Rotation
{
    public static Matrix3 AboutX(double radians)
    {
        double c = Math.Cos(radians), s = Math.Sin(radians);
        return new Matrix3(1, 0, 0, 0, c, -s, 0, s, c);
    }

    public static Matrix3 AboutY(double radians)
    {
        double c = Math.Cos(radians), s = Math.Sin(radians);
        return new Matrix3(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    public static Matrix3 AboutZ(double radians)
    {
        double c = Math.Cos(radians), s = Math.Sin(radians);
        return new Matrix3(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    /// <summary>Rodrigues: R = I + sinθ·K + (1 − cosθ)·K², K the cross-product matrix of the unit axis.</summary>
    public static Matrix3 FromVector((double X, double Y, double Z) w)
    {
        double theta = Math.Sqrt(Matrix3.Dot(w, w));
        if (theta < 1e-12)
            return Matrix3.Identity + new Matrix3(0, -w.Z, w.Y, w.Z, 0, -w.X, -w.Y, w.X, 0);
        var (x, y, z) = Matrix3.Scale(w, 1 / theta);
        var k = new Matrix3(0, -z, y, z, 0, -x, -y, x, 0);
        return Matrix3.Identity + Math.Sin(theta) * k + (1 - Math.Cos(theta)) * (k * k);
    }

    /// <summary>The rotation vector of a rotation matrix (angle in [0, π]).</summary>
    public static (double X, double Y, double Z) ToVector(Matrix3 r)
    {
        double cos = Math.Clamp((r.M11 + r.M22 + r.M33 - 1) / 2, -1, 1);
        double theta = Math.Acos(cos);
        var axisTimesSin = ((r.M32 - r.M23) / 2, (r.M13 - r.M31) / 2, (r.M21 - r.M12) / 2);
        if (theta < 1e-6)
            return axisTimesSin; // sinθ ≈ θ
        if (Math.PI - theta > 1e-4)
            return Matrix3.Scale(axisTimesSin, theta / Math.Sin(theta));
        // Near π the antisymmetric part vanishes; read the axis from the symmetric part R + I = 2·n·nᵀ (up to rounding).
        var ((_, _, _), v) = (0.5 * (r + Matrix3.Identity)).SymmetricEigen();
        var n = v.Column(0);
        if (Matrix3.Dot(n, axisTimesSin) < 0)
            n = Matrix3.Scale(n, -1);
        return Matrix3.Scale(n, theta);
    }
}
