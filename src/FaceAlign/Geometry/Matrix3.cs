namespace FaceAlign.Geometry;

/// <summary>
/// A 3×3 double-precision matrix (row-major, Mrc = row r, column c, 1-based) for pose estimation: products,
/// inverse, symmetric eigen-decomposition by cyclic Jacobi rotations and SVD. Not a general linear-algebra type.
/// </summary>
public readonly record struct Matrix3(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    public static Matrix3 Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    public static Matrix3 FromColumns((double X, double Y, double Z) c1, (double X, double Y, double Z) c2, (double X, double Y, double Z) c3) =>
        new(c1.X, c2.X, c3.X, c1.Y, c2.Y, c3.Y, c1.Z, c2.Z, c3.Z);

    public static Matrix3 FromRows((double X, double Y, double Z) r1, (double X, double Y, double Z) r2, (double X, double Y, double Z) r3) =>
        new(r1.X, r1.Y, r1.Z, r2.X, r2.Y, r2.Z, r3.X, r3.Y, r3.Z);

    /// <summary>Element at 0-based row r and column c.</summary>
    public double this[int r, int c] => (r * 3 + c) switch
    {
        0 => M11,
        1 => M12,
        2 => M13,
        3 => M21,
        4 => M22,
        5 => M23,
        6 => M31,
        7 => M32,
        8 => M33,
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public (double X, double Y, double Z) Column(int c) => (this[0, c], this[1, c], this[2, c]);

    public (double X, double Y, double Z) Row(int r) => (this[r, 0], this[r, 1], this[r, 2]);

    public static Matrix3 operator *(Matrix3 a, Matrix3 b) => new(
        a.M11 * b.M11 + a.M12 * b.M21 + a.M13 * b.M31, a.M11 * b.M12 + a.M12 * b.M22 + a.M13 * b.M32, a.M11 * b.M13 + a.M12 * b.M23 + a.M13 * b.M33,
        a.M21 * b.M11 + a.M22 * b.M21 + a.M23 * b.M31, a.M21 * b.M12 + a.M22 * b.M22 + a.M23 * b.M32, a.M21 * b.M13 + a.M22 * b.M23 + a.M23 * b.M33,
        a.M31 * b.M11 + a.M32 * b.M21 + a.M33 * b.M31, a.M31 * b.M12 + a.M32 * b.M22 + a.M33 * b.M32, a.M31 * b.M13 + a.M32 * b.M23 + a.M33 * b.M33);

    public static Matrix3 operator *(double s, Matrix3 m) => new(
        s * m.M11, s * m.M12, s * m.M13, s * m.M21, s * m.M22, s * m.M23, s * m.M31, s * m.M32, s * m.M33);

    public static Matrix3 operator +(Matrix3 a, Matrix3 b) => new(
        a.M11 + b.M11, a.M12 + b.M12, a.M13 + b.M13, a.M21 + b.M21, a.M22 + b.M22, a.M23 + b.M23, a.M31 + b.M31, a.M32 + b.M32, a.M33 + b.M33);

    public (double X, double Y, double Z) Transform((double X, double Y, double Z) v) => (
        M11 * v.X + M12 * v.Y + M13 * v.Z,
        M21 * v.X + M22 * v.Y + M23 * v.Z,
        M31 * v.X + M32 * v.Y + M33 * v.Z);

    public Matrix3 Transpose() => new(M11, M21, M31, M12, M22, M32, M13, M23, M33);

    public double Determinant() =>
        M11 * (M22 * M33 - M23 * M32) - M12 * (M21 * M33 - M23 * M31) + M13 * (M21 * M32 - M22 * M31);

    /// <summary>Inverse by the adjugate; throws <see cref="InvalidOperationException"/> when (nearly) singular.</summary>
    public Matrix3 Inverse()
    {
        double det = Determinant();
        double scale = Math.Max(1e-300, MaxAbs());
        if (Math.Abs(det) <= 1e-14 * scale * scale * scale)
            throw new InvalidOperationException($"matrix is singular (determinant {det:G3})");
        double k = 1.0 / det;
        return new Matrix3(
            k * (M22 * M33 - M23 * M32), k * (M13 * M32 - M12 * M33), k * (M12 * M23 - M13 * M22),
            k * (M23 * M31 - M21 * M33), k * (M11 * M33 - M13 * M31), k * (M13 * M21 - M11 * M23),
            k * (M21 * M32 - M22 * M31), k * (M12 * M31 - M11 * M32), k * (M11 * M22 - M12 * M21));
    }

    public double MaxAbs() => Math.Max(
        Math.Max(Math.Max(Math.Abs(M11), Math.Abs(M12)), Math.Max(Math.Abs(M13), Math.Abs(M21))),
        Math.Max(Math.Max(Math.Abs(M22), Math.Abs(M23)), Math.Max(Math.Max(Math.Abs(M31), Math.Abs(M32)), Math.Abs(M33))));

    /// <summary>
    /// Eigenvalues (descending) and unit eigenvectors (matching columns) of a symmetric matrix, by cyclic Jacobi
    /// rotations (Golub &amp; Van Loan, Matrix Computations, §8.5). Only the upper triangle is read.
    /// </summary>
    public ((double L1, double L2, double L3) Values, Matrix3 Vectors) SymmetricEigen()
    {
        double[,] a = { { M11, M12, M13 }, { M12, M22, M23 }, { M13, M23, M33 } };
        double[,] v = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = a[0, 1] * a[0, 1] + a[0, 2] * a[0, 2] + a[1, 2] * a[1, 2];
            double diag = a[0, 0] * a[0, 0] + a[1, 1] * a[1, 1] + a[2, 2] * a[2, 2];
            if (off <= 1e-30 * Math.Max(diag, 1e-300))
                break;
            for (int p = 0; p < 2; p++)
            {
                for (int q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0)
                        continue;
                    // Choose the rotation angle that zeroes a[p,q] (the smaller root, for stability).
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int[] order = [0, 1, 2];
        Array.Sort(order, (i, j) => a[j, j].CompareTo(a[i, i]));
        var vectors = new Matrix3(
            v[0, order[0]], v[0, order[1]], v[0, order[2]],
            v[1, order[0]], v[1, order[1]], v[1, order[2]],
            v[2, order[0]], v[2, order[1]], v[2, order[2]]);
        return ((a[order[0], order[0]], a[order[1], order[1]], a[order[2], order[2]]), vectors);
    }

    /// <summary>
    /// Singular value decomposition this = U·diag(S)·Vᵀ with S descending and U, V orthogonal, via the eigenvectors
    /// of AᵀA (adequate for the well-conditioned matrices of pose estimation; squares the condition number).
    /// </summary>
    public (Matrix3 U, (double S1, double S2, double S3) S, Matrix3 V) Svd()
    {
        var ((l1, l2, l3), v) = (Transpose() * this).SymmetricEigen();
        double s1 = Math.Sqrt(Math.Max(l1, 0)), s2 = Math.Sqrt(Math.Max(l2, 0)), s3 = Math.Sqrt(Math.Max(l3, 0));
        // Eigenvalues of AᵀA carry absolute error ~1e-16·s1², so singular values below ~1e-7·s1 are noise.
        double tiny = 1e-7 * Math.Max(s1, 1e-300);
        var u1 = s1 > tiny ? Normalize(Transform(v.Column(0))) : (1.0, 0.0, 0.0);
        var u2 = AnyPerpendicular(u1);
        if (s2 > tiny)
        {
            // Re-orthogonalise against rounding.
            var w = Transform(v.Column(1));
            w = Sub(w, Scale(u1, Dot(u1, w)));
            if (Dot(w, w) > 0)
                u2 = Normalize(w);
        }
        var u3 = Cross(u1, u2);
        if (s3 > tiny && Dot(u3, Transform(v.Column(2))) < 0)
            u3 = Scale(u3, -1);
        return (FromColumns(u1, u2, u3), (s1, s2, s3), v);
    }

    /// <summary>The rotation closest in Frobenius norm (orthogonal Procrustes): U·diag(1, 1, det(U·Vᵀ))·Vᵀ.</summary>
    public Matrix3 NearestRotation()
    {
        var (u, _, v) = Svd();
        double d = Math.Sign((u * v.Transpose()).Determinant());
        var flip = new Matrix3(1, 0, 0, 0, 1, 0, 0, 0, d == 0 ? 1 : d);
        return u * flip * v.Transpose();
    }

    internal static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    internal static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    internal static (double X, double Y, double Z) Scale((double X, double Y, double Z) a, double s) => (a.X * s, a.Y * s, a.Z * s);

    internal static (double X, double Y, double Z) Sub((double X, double Y, double Z) a, (double X, double Y, double Z) b) => (a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    internal static (double X, double Y, double Z) Normalize((double X, double Y, double Z) a) => Scale(a, 1 / Math.Sqrt(Dot(a, a)));

    private static (double X, double Y, double Z) AnyPerpendicular((double X, double Y, double Z) a) =>
        Normalize(Math.Abs(a.X) < 0.9 ? Cross(a, (1, 0, 0)) : Cross(a, (0, 1, 0)));
}
