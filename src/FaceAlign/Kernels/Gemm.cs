namespace FaceAlign.Kernels;

/// <summary>
/// Single-precision matrix multiply with BLAS semantics, row-major:
/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, where op(X) is X or Xᵀ.
/// lda/ldb/ldc are the row strides of A, B, C as stored (before any transpose).
/// </summary>
public static class Gemm
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Placeholder: the naive reference. The packed SIMD kernel replaces this body.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                ref float cv = ref c[i * ldc + j];
                cv = beta == 0 ? alpha * sum : alpha * sum + beta * cv;
            }
        }
    }
}
