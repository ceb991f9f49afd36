using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class Matrix3Tests
{
    private static readonly Matrix3 A = new(2, -1, 0, 1, 3, 2, 0, 1, 4);

    private static void Near(Matrix3 expected, Matrix3 actual, double tolerance = 1e-9)
    {
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= tolerance, $"[{r},{c}] expected {expected[r, c]}, got {actual[r, c]}");
        }
    }

    private static Matrix3 Random(Random rng) => new(
        rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1,
        rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1,
        rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);

    [Fact]
    public void Product_transpose_determinant_and_inverse_match_hand_computation()
    {
        var b = new Matrix3(1, 0, 2, 0, 1, 0, 3, 0, 1);
        // Row 2 of A·B: (1·1 + 3·0 + 2·3, 0 + 3 + 0, 2 + 0 + 2) = (7, 3, 4).
        Assert.Equal(new Matrix3(2, -1, 4, 7, 3, 4, 12, 1, 4), A * b);
        Assert.Equal(new Matrix3(2, 1, 0, -1, 3, 1, 0, 2, 4), A.Transpose());
        // det = 2(12 − 2) − (−1)(4 − 0) + 0 = 24.
        Assert.Equal(24, A.Determinant(), 12);
        Near(Matrix3.Identity, A * A.Inverse());
        Near(Matrix3.Identity, A.Inverse() * A);
        // A·(1, −1, 1) = (2 + 1 + 0, 1 − 3 + 2, 0 − 1 + 4).
        Assert.Equal((3.0, 0.0, 3.0), A.Transform((1, -1, 1)));
        Assert.Throws<InvalidOperationException>(() => new Matrix3(1, 2, 3, 2, 4, 6, 0, 1, 1).Inverse());
    }

    [Fact]
    public void Jacobi_eigen_decomposition_of_a_hand_worked_symmetric_matrix()
    {
        // [[2,1,0],[1,2,0],[0,0,5]] has eigenvalues 5 (e3), 3 ((1,1,0)/√2) and 1 ((1,−1,0)/√2).
        var ((l1, l2, l3), v) = new Matrix3(2, 1, 0, 1, 2, 0, 0, 0, 5).SymmetricEigen();
        Assert.Equal(5, l1, 12);
        Assert.Equal(3, l2, 12);
        Assert.Equal(1, l3, 12);
        Assert.Equal(1, Math.Abs(v.M31), 12);
        Assert.Equal(Math.Abs(v.M12), Math.Abs(v.M22), 12);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(v.M13), 12);
        Assert.Equal(-Math.Sign(v.M13), Math.Sign(v.M23));
    }

    [Fact]
    public void Svd_reconstructs_random_matrices_with_orthogonal_factors()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            var m = Random(rng);
            var (u, (s1, s2, s3), v) = m.Svd();
            Assert.True(s1 >= s2 && s2 >= s3 && s3 >= 0);
            Near(Matrix3.Identity, u.Transpose() * u, 1e-8);
            Near(Matrix3.Identity, v.Transpose() * v, 1e-8);
            Near(m, u * new Matrix3(s1, 0, 0, 0, s2, 0, 0, 0, s3) * v.Transpose(), 1e-7);
        }
        // Rank-deficient input still gives orthogonal factors.
        var (u2, s, _) = new Matrix3(1, 2, 3, 2, 4, 6, 0, 0, 0).Svd();
        Near(Matrix3.Identity, u2.Transpose() * u2, 1e-8);
        Assert.Equal(0, s.S3, 6);
    }

    [Fact]
    public void Nearest_rotation_is_proper_and_fixes_rotations()
    {
        var r = Rotation.AboutX(0.3) * Rotation.AboutY(-1.1) * Rotation.AboutZ(2.0);
        Near(r, r.NearestRotation());
        var noisy = r + 0.01 * new Matrix3(1, -2, 0.5, 0.3, 0, 1, -1, 0.2, 0.7);
        var fixedUp = noisy.NearestRotation();
        Assert.Equal(1, fixedUp.Determinant(), 9);
        Near(Matrix3.Identity, fixedUp.Transpose() * fixedUp, 1e-9);
        // A reflection's nearest rotation has determinant +1, not −1.
        Assert.Equal(1, new Matrix3(-1, 0, 0, 0, 1, 0, 0, 0, 1).NearestRotation().Determinant(), 9);
    }
}
