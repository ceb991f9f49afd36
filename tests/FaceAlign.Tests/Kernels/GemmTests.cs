using FaceAlign.Kernels;
using FaceAlign.Tests.Reference;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>SGEMM on every path against the double-precision triple loop, on awkward shapes, strides, alpha and beta.</summary>
public class GemmTests
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 7, 13, 16, 17, 19, 31, 33, 64, 124, 129];
    private static readonly float[] Betas = [0f, 1f, 0.5f];

    // Gemm.Path is internal, so theories name the paths.
    public static TheoryData<string> Paths => new() { "Direct", "Vector128", "Vector256", "Vector512" };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_on_awkward_shapes(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        var random = new Random(12345 + (int)path);
        int variant = 0;
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                for (int mi = 0; mi < Sizes.Length; mi++)
                    for (int ni = 0; ni < Sizes.Length; ni++)
                    {
                        // Every m×n pair, with k cycling so each k value meets many (m, n) pairs and all transposes.
                        int k = Sizes[(mi * 5 + ni * 3 + variant) % Sizes.Length];
                        float beta = Betas[variant % Betas.Length];
                        float alpha = variant % 2 == 0 ? 1.5f : -0.75f;
                        Check(random, path, 1, transA, transB, Sizes[mi], Sizes[ni], k, alpha, beta, padding: 1 + variant % 3);
                        variant++;
                    }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_reference_across_cache_blocks(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        // k > KC (two depth blocks: beta applies only to the first), m > MC, n > NC (4096).
        var random = new Random(7);
        Check(random, path, 1, false, false, 150, 37, 600, 1f, 0.5f, padding: 2);
        Check(random, path, 1, true, true, 37, 70, 513, -1f, 0f, padding: 1);
        Check(random, path, 1, false, true, 300, 20, 40, 2f, 1f, padding: 0);
        Check(random, path, 1, true, false, 7, 4100, 3, 1f, 0f, padding: 5);
    }

    [Fact]
    public void Two_threads_give_bit_identical_results()
    {
        var random = new Random(3);
        foreach (var (m, n, k) in new[] { (200, 190, 300), (300, 40, 100), (64, 3136, 16), (64, 136, 1024) })
        {
            var a = RandomArray(random, m * k);
            var b = RandomArray(random, k * n);
            var c1 = RandomArray(random, m * n);
            var c2 = (float[])c1.Clone();
            Gemm.Sgemm(false, false, m, n, k, 1.25f, a, k, b, n, 0.5f, c1, n, Gemm.BestPackedPath(), 1);
            Gemm.Sgemm(false, false, m, n, k, 1.25f, a, k, b, n, 0.5f, c2, n, Gemm.BestPackedPath(), 2);
            Assert.Equal(c1, c2);
        }
    }

    [Fact]
    public void Public_entry_matches_reference_for_small_and_large_problems()
    {
        var random = new Random(11);
        foreach (var (m, n, k) in new[] { (4, 5, 6), (1, 300, 70), (1, 3, 700), (64, 3136, 16), (16, 196, 128), (65, 67, 130) })
            Check(random, Gemm.Path.Auto, ComputeThreads.Count, true, false, m, n, k, 1f, 0f, padding: 0);
    }

    [Fact]
    public void Zero_k_or_alpha_scales_C_by_beta()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal(new[] { 0.5f, 1f, float.NaN, 2f }, c);
        Gemm.Sgemm(false, false, 2, 2, 1, 0f, [1f, 1f], 1, [1f, 1f], 2, 0f, c, 2);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void Rejects_too_small_buffers_and_strides()
    {
        var x = new float[12];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 4, 4, 1f, x, 4, x, 4, 0f, new float[11], 4));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 4, 4, 1f, x, 3, x, 4, 0f, new float[12], 4));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(true, false, 3, 3, 5, 1f, x, 3, new float[15], 3, 0f, new float[9], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 4, 4, 1f, x, 4, x, 4, 0f, x, 4));
    }

    private static void Check(Random random, Gemm.Path path, int threads, bool transA, bool transB,
        int m, int n, int k, float alpha, float beta, int padding)
    {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + padding, ldb = bCols + padding, ldc = n + padding;
        // Padding holds NaN: reading it would poison the result; writing it would show up below.
        var a = Strided(random, aRows, aCols, lda);
        var b = Strided(random, bRows, bCols, ldb);
        var c = Strided(random, m, n, ldc);
        if (beta == 0)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    c[i * ldc + j] = float.NaN; // beta = 0 must ignore C entirely
        var expected = (float[])c.Clone();
        NaiveGemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);

        Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, path, threads);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int index = i * ldc + j;
                if (j >= n)
                {
                    Assert.True(float.IsNaN(c[index]), $"{path} wrote C padding at ({i},{j})");
                    continue;
                }
                double scale = Math.Abs(alpha) * NaiveGemm.AbsoluteSum(transA, transB, i, j, k, a, lda, b, ldb)
                    + (beta == 0 ? 0 : Math.Abs(beta * (double)expected[index]));
                double tolerance = 1e-6 * (k + 2) * scale + 1e-30;
                double error = Math.Abs((double)c[index] - expected[index]);
                if (!(error <= tolerance))
                    Assert.Fail($"{path} tA={transA} tB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta}: " +
                        $"C[{i},{j}] = {c[index]}, expected {expected[index]} (tolerance {tolerance:G3})");
            }
        }
    }

    private static float[] Strided(Random random, int rows, int cols, int ld)
    {
        var x = new float[Math.Max(1, rows * ld)];
        Array.Fill(x, float.NaN);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                x[i * ld + j] = random.NextSingle() * 2 - 1;
        return x;
    }
}
