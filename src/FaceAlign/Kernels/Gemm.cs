using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// Single-precision matrix multiply with BLAS semantics, row-major:
/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, where op(X) is X or Xᵀ.
/// lda/ldb/ldc are the row strides of A, B, C as stored (before any transpose). beta = 0 ignores what C held (even NaN).
/// Small products take a direct row-by-row path; larger ones the packed, cache-blocked path (Gemm.Packed.cs) with a
/// register-blocked microkernel per SIMD width (Gemm.Vector128/256/512.cs).
/// </summary>
public static partial class Gemm
{
    /// <summary>Which implementation runs; tests force each one, <see cref="Auto"/> picks by size and hardware.</summary>
    internal enum Path
    {
        Auto,
        Direct,
        Vector128,
        Vector256,
        Vector512,
    }

    // Measured single-threaded on the 2-core EPYC (AVX2): the packed path already wins at 8×8×8 and is 3× faster at
    // 32×32×32, so only tiny products go direct — and single rows of C (m = 1, a GEMV), where packing A buys nothing
    // and the direct path was 3–5× faster at 1×64×64 (unless C is only a few columns: then the direct path's axpy
    // rows are too short to vectorise).
    private const long DirectMaxMacs = 512;

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, Path.Auto, ComputeThreads.Available);

    internal static unsafe void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        Path path, int threads)
    {
        Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
            return;
        if (k == 0 || alpha == 0)
        {
            ScaleRows(m, n, beta, c, ldc);
            return;
        }
        if (path == Path.Auto)
            path = (long)m * n * k <= DirectMaxMacs || (m == 1 && n >= 16) ? Path.Direct : BestPackedPath();
        if (path == Path.Direct)
        {
            Direct(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new Problem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            switch (path)
            {
                case Path.Vector512: RunPacked<Kernel8x32>(problem, threads); break;
                case Path.Vector256: RunPacked<Kernel6x16>(problem, threads); break;
                default: RunPacked<Kernel6x8>(problem, threads); break;
            }
        }
    }

    internal static Path BestPackedPath() =>
        Vector512.IsHardwareAccelerated ? Path.Vector512
        : Vector256.IsHardwareAccelerated ? Path.Vector256
        : Vector128.IsHardwareAccelerated ? Path.Vector128
        : Path.Direct;

    private static void Validate(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"negative GEMM dimension (m={m}, n={n}, k={k})");
        CheckMatrix(nameof(a), transA ? k : m, transA ? m : k, a.Length, lda);
        CheckMatrix(nameof(b), transB ? n : k, transB ? k : n, b.Length, ldb);
        CheckMatrix(nameof(c), m, n, c.Length, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"leading dimension {ld} of {name} is smaller than its row length {cols}", name);
        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"{name} holds {length} floats; a {rows}×{cols} matrix with stride {ld} needs {(long)(rows - 1) * ld + cols}", name);
    }

    private static void ScaleRows(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0)
                row.Clear();
            else if (beta != 1)
                TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>Row-by-row product without packing: axpy over rows of B, or dot products when B is transposed.</summary>
    private static unsafe void Direct(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        ScaleRows(m, n, beta, c, ldc);
        float* column = transA && transB ? ThreadScratch.Get(ThreadScratch.Slot.GemmA, k) : null;
        for (int i = 0; i < m; i++)
        {
            var cRow = c.Slice(i * ldc, n);
            if (!transB)
            {
                for (int p = 0; p < k; p++)
                {
                    float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), av, cRow, cRow);
                }
                continue;
            }
            ReadOnlySpan<float> aRow;
            if (transA)
            {
                for (int p = 0; p < k; p++)
                    column[p] = a[p * lda + i];
                aRow = new ReadOnlySpan<float>(column, k);
            }
            else
            {
                aRow = a.Slice(i * lda, k);
            }
            for (int j = 0; j < n; j++)
                cRow[j] += alpha * TensorPrimitives.Dot(aRow, b.Slice(j * ldb, k));
        }
    }
}
