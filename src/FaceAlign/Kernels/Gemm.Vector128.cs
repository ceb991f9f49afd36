using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The SSE/NEON fallback microkernel: 6×8 tile of C in 12 xmm accumulators (fits the 16 registers of SSE).
/// Chosen when Vector128 is accelerated but Vector256 is not.
/// </summary>
public static partial class Gemm
{
    /// <summary>6×8 tile, Vector128.</summary>
    internal readonly struct Kernel6x8 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 8;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int rows)
        {
            var c00 = Vector128<float>.Zero; var c01 = Vector128<float>.Zero;
            var c10 = Vector128<float>.Zero; var c11 = Vector128<float>.Zero;
            var c20 = Vector128<float>.Zero; var c21 = Vector128<float>.Zero;
            var c30 = Vector128<float>.Zero; var c31 = Vector128<float>.Zero;
            var c40 = Vector128<float>.Zero; var c41 = Vector128<float>.Zero;
            var c50 = Vector128<float>.Zero; var c51 = Vector128<float>.Zero;
            for (int p = 0; p < kc; p++, a += MR, b += NR)
            {
                var b0 = Vector128.Load(b);
                var b1 = Vector128.Load(b + 4);
                var a0 = Vector128.Create(a[0]);
                c00 = Vector128.FusedMultiplyAdd(a0, b0, c00); c01 = Vector128.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector128.Create(a[1]);
                c10 = Vector128.FusedMultiplyAdd(a1, b0, c10); c11 = Vector128.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector128.Create(a[2]);
                c20 = Vector128.FusedMultiplyAdd(a2, b0, c20); c21 = Vector128.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector128.Create(a[3]);
                c30 = Vector128.FusedMultiplyAdd(a3, b0, c30); c31 = Vector128.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector128.Create(a[4]);
                c40 = Vector128.FusedMultiplyAdd(a4, b0, c40); c41 = Vector128.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector128.Create(a[5]);
                c50 = Vector128.FusedMultiplyAdd(a5, b0, c50); c51 = Vector128.FusedMultiplyAdd(a5, b1, c51);
            }
            var va = Vector128.Create(alpha);
            if (beta == 0)
            {
                Vector128.Store(c00 * va, c + 0 * ldc); Vector128.Store(c01 * va, c + 0 * ldc + 4);
                if (rows > 1) { Vector128.Store(c10 * va, c + 1 * ldc); Vector128.Store(c11 * va, c + 1 * ldc + 4); }
                if (rows > 2) { Vector128.Store(c20 * va, c + 2 * ldc); Vector128.Store(c21 * va, c + 2 * ldc + 4); }
                if (rows > 3) { Vector128.Store(c30 * va, c + 3 * ldc); Vector128.Store(c31 * va, c + 3 * ldc + 4); }
                if (rows > 4) { Vector128.Store(c40 * va, c + 4 * ldc); Vector128.Store(c41 * va, c + 4 * ldc + 4); }
                if (rows > 5) { Vector128.Store(c50 * va, c + 5 * ldc); Vector128.Store(c51 * va, c + 5 * ldc + 4); }
                return;
            }
            var vb = Vector128.Create(beta);
            Vector128.Store(Vector128.FusedMultiplyAdd(c00, va, Vector128.Load(c + 0 * ldc) * vb), c + 0 * ldc);
            Vector128.Store(Vector128.FusedMultiplyAdd(c01, va, Vector128.Load(c + 0 * ldc + 4) * vb), c + 0 * ldc + 4);
            if (rows > 1)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(c10, va, Vector128.Load(c + 1 * ldc) * vb), c + 1 * ldc);
                Vector128.Store(Vector128.FusedMultiplyAdd(c11, va, Vector128.Load(c + 1 * ldc + 4) * vb), c + 1 * ldc + 4);
            }
            if (rows > 2)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(c20, va, Vector128.Load(c + 2 * ldc) * vb), c + 2 * ldc);
                Vector128.Store(Vector128.FusedMultiplyAdd(c21, va, Vector128.Load(c + 2 * ldc + 4) * vb), c + 2 * ldc + 4);
            }
            if (rows > 3)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(c30, va, Vector128.Load(c + 3 * ldc) * vb), c + 3 * ldc);
                Vector128.Store(Vector128.FusedMultiplyAdd(c31, va, Vector128.Load(c + 3 * ldc + 4) * vb), c + 3 * ldc + 4);
            }
            if (rows > 4)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(c40, va, Vector128.Load(c + 4 * ldc) * vb), c + 4 * ldc);
                Vector128.Store(Vector128.FusedMultiplyAdd(c41, va, Vector128.Load(c + 4 * ldc + 4) * vb), c + 4 * ldc + 4);
            }
            if (rows > 5)
            {
                Vector128.Store(Vector128.FusedMultiplyAdd(c50, va, Vector128.Load(c + 5 * ldc) * vb), c + 5 * ldc);
                Vector128.Store(Vector128.FusedMultiplyAdd(c51, va, Vector128.Load(c + 5 * ldc + 4) * vb), c + 5 * ldc + 4);
            }
        }
    }
}
