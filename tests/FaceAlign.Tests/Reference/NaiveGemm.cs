namespace FaceAlign.Tests.Reference;

/// <summary>
/// Test oracle for SGEMM: the textbook triple loop straight from the BLAS definition, accumulating in double so
/// its own rounding error is far below the tolerance the float kernels are held to.
/// </summary>
public static class NaiveGemm
{
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[p * lda + i] : a[i * lda + p];
                    double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                double old = beta == 0 ? 0 : beta * (double)c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum + old);
            }
        }
    }

    /// <summary>Σₚ |op(A)[i,p]·op(B)[p,j]|: the scale against which a float dot product's rounding error is judged.</summary>
    public static double AbsoluteSum(bool transA, bool transB, int i, int j, int k, float[] a, int lda, float[] b, int ldb)
    {
        double sum = 0;
        for (int p = 0; p < k; p++)
            sum += Math.Abs((double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]));
        return sum;
    }
}
