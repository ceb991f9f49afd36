using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>
/// Perspective-n-point: the rotation and translation that project known 3-D model points onto observed pixels.
/// Start: POSIT (DeMenthon &amp; Davis, "Model-Based Object Pose in 25 Lines of Code", IJCV 1995) — scaled
/// orthographic pose by least squares, refined by a few perspective corrections. Then Levenberg–Marquardt on
/// (rotation vector, translation) minimising squared reprojection error (Hartley &amp; Zisserman, App. 6), with a
/// central-difference Jacobian (6 parameters × 2n residuals is tiny). Needs ≥ 4 non-coplanar points.
/// </summary>
public static class PnpSolver
{
    private const int MaxIterations = 100;

    public static PnpSolution Solve(ReadOnlySpan<Vector3> model, ReadOnlySpan<Vector2> image, PnpCamera camera)
    {
        if (model.Length != image.Length)
            throw new ArgumentException($"{model.Length} model points but {image.Length} image points");
        if (model.Length < 4)
            throw new ArgumentException($"PnP needs at least 4 points, got {model.Length}");
        int n = model.Length;
        var m = new (double X, double Y, double Z)[n];
        var uv = new (double U, double V)[n];
        for (int i = 0; i < n; i++)
        {
            m[i] = (model[i].X, model[i].Y, model[i].Z);
            uv[i] = (image[i].X, image[i].Y);
            if (!double.IsFinite(uv[i].U) || !double.IsFinite(uv[i].V))
                throw new ArgumentException($"image point {i} is not finite");
        }

        double meanU = uv.Average(p => p.U), meanV = uv.Average(p => p.V);
        if (uv.Max(p => Math.Abs(p.U - meanU) + Math.Abs(p.V - meanV)) < 1e-6)
            throw new ArgumentException("image points are degenerate (all coincident)");

        var (rotation, translation) = Posit(m, uv, camera);
        // Scaled orthography can leave some points behind the camera on wild input; push the model in front first.
        double nearest = m.Min(q => rotation.Transform(q).Z) + translation.Z;
        double depth = Math.Max(1e-3, m.Max(q => Math.Abs(rotation.Transform(q).Z)));
        if (!(nearest > 0.1 * depth))
            translation.Z += 0.1 * depth - nearest;
        var p = new double[6];
        (p[0], p[1], p[2]) = Rotation.ToVector(rotation);
        (p[3], p[4], p[5]) = translation;
        int iterations = LevenbergMarquardt(p, m, uv, camera);
        double cost = Cost(p, m, uv, camera);
        if (!double.IsFinite(cost) || !p.All(double.IsFinite))
            throw new ArgumentException("no finite pose fits the image points");
        return new PnpSolution(Rotation.FromVector((p[0], p[1], p[2])), (p[3], p[4], p[5]), Math.Sqrt(cost / n), iterations);
    }

    /// <summary>
    /// POSIT, with the model centroid M0 as reference point. In normalised image coordinates (x, y) = ((u−cx)/f,
    /// (v−cy)/f), each point satisfies (Mi − M0)·I = xi(1 + εi) − x0 and (Mi − M0)·J = yi(1 + εi) − y0, where
    /// I = r1/Tz, J = r2/Tz (r1, r2 the rotation's first two rows, Tz the centroid's depth) and εi = r3·(Mi − M0)/Tz.
    /// ε starts at 0 (scaled orthography) and is updated from each pose.
    /// </summary>
    private static (Matrix3 Rotation, (double X, double Y, double Z) Translation) Posit(
        (double X, double Y, double Z)[] m, (double U, double V)[] uv, PnpCamera camera)
    {
        int n = m.Length;
        var centroid = (m.Average(p => p.X), m.Average(p => p.Y), m.Average(p => p.Z));
        var a = m.Select(p => Matrix3.Sub(p, centroid)).ToArray();
        // B = (AᵀA)⁻¹, so I = B·Aᵀ·x' is the least-squares solution of A·I = x'.
        var ata = new Matrix3();
        foreach (var r in a)
            ata += new Matrix3(r.X * r.X, r.X * r.Y, r.X * r.Z, r.Y * r.X, r.Y * r.Y, r.Y * r.Z, r.Z * r.X, r.Z * r.Y, r.Z * r.Z);
        var b = ata.Inverse();

        var x = uv.Select(p => (p.U - camera.Cx) / camera.Focal).ToArray();
        var y = uv.Select(p => (p.V - camera.Cy) / camera.Focal).ToArray();
        var eps = new double[n];
        Matrix3 rotation = Matrix3.Identity;
        (double X, double Y, double Z) translation = (0, 0, 1);
        for (int iteration = 0; iteration < 8; iteration++)
        {
            // The reference point's image is unknown under perspective; with ε known, x0 is the mean of x(1+ε)
            // because the centred model sums to zero.
            double x0 = 0, y0 = 0;
            for (int i = 0; i < n; i++)
            {
                x0 += x[i] * (1 + eps[i]);
                y0 += y[i] * (1 + eps[i]);
            }
            x0 /= n;
            y0 /= n;
            (double X, double Y, double Z) atx = (0, 0, 0), aty = (0, 0, 0);
            for (int i = 0; i < n; i++)
            {
                atx = (atx.X + a[i].X * (x[i] * (1 + eps[i]) - x0), atx.Y + a[i].Y * (x[i] * (1 + eps[i]) - x0), atx.Z + a[i].Z * (x[i] * (1 + eps[i]) - x0));
                aty = (aty.X + a[i].X * (y[i] * (1 + eps[i]) - y0), aty.Y + a[i].Y * (y[i] * (1 + eps[i]) - y0), aty.Z + a[i].Z * (y[i] * (1 + eps[i]) - y0));
            }
            var vi = b.Transform(atx);
            var vj = b.Transform(aty);
            double si = Math.Sqrt(Matrix3.Dot(vi, vi)), sj = Math.Sqrt(Matrix3.Dot(vj, vj));
            if (!(si > 0 && sj > 0) || !double.IsFinite(si + sj))
                throw new ArgumentException("image points are degenerate (no scaled-orthographic pose fits them)");
            double s = Math.Sqrt(si * sj);
            var r1 = Matrix3.Scale(vi, 1 / si);
            var r2 = Matrix3.Scale(vj, 1 / sj);
            rotation = Matrix3.FromRows(r1, r2, Matrix3.Cross(r1, r2)).NearestRotation();
            double tz = 1 / s;
            // Translation of the centroid, then of the model origin.
            var rc = rotation.Transform(centroid);
            translation = (x0 * tz - rc.X, y0 * tz - rc.Y, tz - rc.Z);
            var r3 = rotation.Row(2);
            for (int i = 0; i < n; i++)
                eps[i] = Matrix3.Dot(r3, a[i]) / tz;
        }
        return (rotation, translation);
    }

    private static int LevenbergMarquardt(double[] p, (double X, double Y, double Z)[] m, (double U, double V)[] uv, PnpCamera camera)
    {
        int n = m.Length;
        var residual = new double[2 * n];
        var plus = new double[2 * n];
        var minus = new double[2 * n];
        var jacobian = new double[2 * n, 6];
        var trial = new double[6];
        var jtj = new double[6, 6];
        var lhs = new double[6, 6];
        var jtr = new double[6];
        var step = new double[6];
        double lambda = 1e-3;
        double cost = Residuals(p, m, uv, camera, residual);
        int iteration = 0;
        for (; iteration < MaxIterations; iteration++)
        {
            for (int k = 0; k < 6; k++)
            {
                double h = k < 3 ? 1e-6 : 1e-6 * Math.Max(1, Math.Abs(p[5]));
                Array.Copy(p, trial, 6);
                trial[k] += h;
                Residuals(trial, m, uv, camera, plus);
                trial[k] -= 2 * h;
                Residuals(trial, m, uv, camera, minus);
                for (int r = 0; r < 2 * n; r++)
                    jacobian[r, k] = (plus[r] - minus[r]) / (2 * h);
            }
            Array.Clear(jtj);
            Array.Clear(jtr);
            for (int r = 0; r < 2 * n; r++)
            {
                for (int i = 0; i < 6; i++)
                {
                    jtr[i] += jacobian[r, i] * residual[r];
                    for (int j = 0; j < 6; j++)
                        jtj[i, j] += jacobian[r, i] * jacobian[r, j];
                }
            }

            bool improved = false;
            while (lambda < 1e12)
            {
                Array.Copy(jtj, lhs, jtj.Length);
                for (int i = 0; i < 6; i++)
                    lhs[i, i] += lambda * Math.Max(jtj[i, i], 1e-12);
                Solve6(lhs, jtr, step);
                for (int i = 0; i < 6; i++)
                    trial[i] = p[i] - step[i];
                double trialCost = Residuals(trial, m, uv, camera, plus);
                if (trialCost < cost)
                {
                    double decrease = cost - trialCost;
                    Array.Copy(trial, p, 6);
                    Array.Copy(plus, residual, 2 * n);
                    cost = trialCost;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (decrease <= 1e-14 * (1 + cost))
                        return iteration + 1;
                    break;
                }
                lambda *= 10;
            }
            if (!improved)
                break;
        }
        return iteration;
    }

    private static double Cost(double[] p, (double X, double Y, double Z)[] m, (double U, double V)[] uv, PnpCamera camera) =>
        Residuals(p, m, uv, camera, new double[2 * m.Length]);

    /// <summary>Fills projected − observed pixels; returns the sum of squares (∞ if a point falls behind the camera).</summary>
    private static double Residuals(double[] p, (double X, double Y, double Z)[] m, (double U, double V)[] uv, PnpCamera camera, double[] residual)
    {
        var r = Rotation.FromVector((p[0], p[1], p[2]));
        double sum = 0;
        for (int i = 0; i < m.Length; i++)
        {
            var c = r.Transform(m[i]);
            double z = c.Z + p[5];
            if (!(z > 1e-9))
                return double.PositiveInfinity;
            residual[2 * i] = camera.Focal * (c.X + p[3]) / z + camera.Cx - uv[i].U;
            residual[2 * i + 1] = camera.Focal * (c.Y + p[4]) / z + camera.Cy - uv[i].V;
            sum += residual[2 * i] * residual[2 * i] + residual[2 * i + 1] * residual[2 * i + 1];
        }
        return sum;
    }

    /// <summary>Solves the 6×6 damped normal equations a·x = b by Gaussian elimination with partial pivoting (a is overwritten).</summary>
    private static void Solve6(double[,] a, double[] b, double[] x)
    {
        int n = b.Length;
        Array.Copy(b, x, n);
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                    pivot = r;
            }
            if (pivot != col)
            {
                for (int c = 0; c < n; c++)
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            double d = a[col, col];
            if (d == 0)
                continue;
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / d;
                for (int c = col; c < n; c++)
                    a[r, c] -= f * a[col, c];
                x[r] -= f * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int c = r + 1; c < n; c++)
                s -= a[r, c] * x[c];
            x[r] = a[r, r] == 0 ? 0 : s / a[r, r];
        }
    }
}
