using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class PnpSolverTests
{
    private static readonly PnpCamera Camera = new(200, 96, 104);

    // Reprojection cost written independently of the solver: Σ ‖π(R·X + T) − u‖².
    private static double Cost(Matrix3 r, (double X, double Y, double Z) t, ReadOnlySpan<Vector3> model, Vector2[] image)
    {
        double sum = 0;
        for (int i = 0; i < model.Length; i++)
        {
            double x = r.M11 * model[i].X + r.M12 * model[i].Y + r.M13 * model[i].Z + t.X;
            double y = r.M21 * model[i].X + r.M22 * model[i].Y + r.M23 * model[i].Z + t.Y;
            double z = r.M31 * model[i].X + r.M32 * model[i].Y + r.M33 * model[i].Z + t.Z;
            double du = Camera.Focal * x / z + Camera.Cx - image[i].X, dv = Camera.Focal * y / z + Camera.Cy - image[i].Y;
            sum += du * du + dv * dv;
        }
        return sum;
    }

    [Fact]
    public void Noisy_solution_is_a_local_minimum_of_reprojection_error()
    {
        var rng = new Random(9);
        var model = MeanFace3D.Points;
        for (int trial = 0; trial < 20; trial++)
        {
            // A random pose, projected, then jittered by up to ±2 px so no pose fits exactly.
            var truth = new EulerAngles(rng.Next(-50, 50), rng.Next(-30, 30), rng.Next(-30, 30)).ToMatrix();
            (double X, double Y, double Z) t = (rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, 25 + 10 * rng.NextDouble());
            var image = new Vector2[model.Length];
            for (int i = 0; i < model.Length; i++)
            {
                var c = truth.Transform((model[i].X, model[i].Y, model[i].Z));
                image[i] = new Vector2(
                    (float)(Camera.Focal * (c.X + t.X) / (c.Z + t.Z) + Camera.Cx + 4 * (rng.NextDouble() - 0.5)),
                    (float)(Camera.Focal * (c.Y + t.Y) / (c.Z + t.Z) + Camera.Cy + 4 * (rng.NextDouble() - 0.5)));
            }

            var s = PnpSolver.Solve(model, image, Camera);
            double best = Cost(s.Rotation, s.Translation, model, image);
            Assert.Equal(Math.Sqrt(best / model.Length), s.RmsError, 6);
            for (int k = 0; k < 100; k++)
            {
                // Perturb rotation by a small random rotation and translation by a small offset.
                double h = 1e-3 * (1 + k % 10);
                var dr = Rotation.FromVector((h * (rng.NextDouble() - 0.5), h * (rng.NextDouble() - 0.5), h * (rng.NextDouble() - 0.5)));
                var dt = (h * (rng.NextDouble() - 0.5), h * (rng.NextDouble() - 0.5), 10 * h * (rng.NextDouble() - 0.5));
                double other = Cost(dr * s.Rotation, (s.Translation.X + dt.Item1, s.Translation.Y + dt.Item2, s.Translation.Z + dt.Item3), model, image);
                Assert.True(other >= best * (1 - 1e-9), $"trial {trial}: perturbation {k} lowers the cost from {best} to {other}");
            }
        }
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PnpSolver.Solve(MeanFace3D.Points, new Vector2[3], Camera));
        Assert.Throws<ArgumentException>(() => PnpSolver.Solve(MeanFace3D.Points[..3], new Vector2[3], Camera));
        var nan = new Vector2[14];
        nan[5] = new Vector2(float.NaN, 0);
        Assert.Throws<ArgumentException>(() => PnpSolver.Solve(MeanFace3D.Points, nan, Camera));
        Assert.Throws<ArgumentException>(() => PnpSolver.Solve(MeanFace3D.Points, new Vector2[14], Camera)); // all coincident
    }

    [Fact]
    public void Garbage_landmarks_give_a_finite_pose_or_an_argument_error()
    {
        var rng = new Random(21);
        for (int trial = 0; trial < 300; trial++)
        {
            var image = new Vector2[14];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (trial % 4) switch
                {
                    0 => new Vector2(rng.Next(200), rng.Next(200)),                  // scattered
                    1 => new Vector2(10 + 5 * i, 50),                                // collinear
                    2 => new Vector2(rng.Next(2) * 1e6f, rng.Next(2) * -1e6f),       // huge, two clusters
                    _ => new Vector2(100 + (float)rng.NextDouble() * 1e-3f, 100),     // nearly coincident
                };
            }
            try
            {
                var s = PnpSolver.Solve(MeanFace3D.Points, image, Camera);
                var angles = EulerAngles.FromMatrix(s.Rotation);
                Assert.True(double.IsFinite(angles.Yaw + angles.Pitch + angles.Roll + s.RmsError), $"trial {trial}: {angles}, rms {s.RmsError}");
            }
            catch (ArgumentException)
            {
            }
        }
    }
}
