using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX2+FMA microkernel: 6×16 tile of C in 12 ymm accumulators; per depth step two loads of B, six broadcasts
/// of A, twelve FMAs (BLIS's Haswell/Zen sgemm shape, leaving 3 of the 16 ymm registers for operands).
/// </summary>
public static partial class Gemm
{
    /// <summary>6×16 tile, Vector256.</summary>
    internal readonly struct Kernel6x16 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 16;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int rows)
        {
            var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
            var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
            var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
            var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
            var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
            var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
            for (int p = 0; p < kc; p++, a += MR, b += NR)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var a0 = Vector256.Create(a[0]);
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(a[1]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(a[2]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(a[3]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(a[4]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(a[5]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }
            var va = Vector256.Create(alpha);
            if (beta == 0)
            {
                Vector256.Store(c00 * va, c + 0 * ldc); Vector256.Store(c01 * va, c + 0 * ldc + 8);
                if (rows > 1) { Vector256.Store(c10 * va, c + 1 * ldc); Vector256.Store(c11 * va, c + 1 * ldc + 8); }
                if (rows > 2) { Vector256.Store(c20 * va, c + 2 * ldc); Vector256.Store(c21 * va, c + 2 * ldc + 8); }
                if (rows > 3) { Vector256.Store(c30 * va, c + 3 * ldc); Vector256.Store(c31 * va, c + 3 * ldc + 8); }
                if (rows > 4) { Vector256.Store(c40 * va, c + 4 * ldc); Vector256.Store(c41 * va, c + 4 * ldc + 8); }
                if (rows > 5) { Vector256.Store(c50 * va, c + 5 * ldc); Vector256.Store(c51 * va, c + 5 * ldc + 8); }
                return;
            }
            var vb = Vector256.Create(beta);
            Vector256.Store(Vector256.FusedMultiplyAdd(c00, va, Vector256.Load(c + 0 * ldc) * vb), c + 0 * ldc);
            Vector256.Store(Vector256.FusedMultiplyAdd(c01, va, Vector256.Load(c + 0 * ldc + 8) * vb), c + 0 * ldc + 8);
            if (rows > 1)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(c10, va, Vector256.Load(c + 1 * ldc) * vb), c + 1 * ldc);
                Vector256.Store(Vector256.FusedMultiplyAdd(c11, va, Vector256.Load(c + 1 * ldc + 8) * vb), c + 1 * ldc + 8);
            }
            if (rows > 2)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(c20, va, Vector256.Load(c + 2 * ldc) * vb), c + 2 * ldc);
                Vector256.Store(Vector256.FusedMultiplyAdd(c21, va, Vector256.Load(c + 2 * ldc + 8) * vb), c + 2 * ldc + 8);
            }
            if (rows > 3)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(c30, va, Vector256.Load(c + 3 * ldc) * vb), c + 3 * ldc);
                Vector256.Store(Vector256.FusedMultiplyAdd(c31, va, Vector256.Load(c + 3 * ldc + 8) * vb), c + 3 * ldc + 8);
            }
            if (rows > 4)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(c40, va, Vector256.Load(c + 4 * ldc) * vb), c + 4 * ldc);
                Vector256.Store(Vector256.FusedMultiplyAdd(c41, va, Vector256.Load(c + 4 * ldc + 8) * vb), c + 4 * ldc + 8);
            }
            if (rows > 5)
            {
                Vector256.Store(Vector256.FusedMultiplyAdd(c50, va, Vector256.Load(c + 5 * ldc) * vb), c + 5 * ldc);
                Vector256.Store(Vector256.FusedMultiplyAdd(c51, va, Vector256.Load(c + 5 * ldc + 8) * vb), c + 5 * ldc + 8);
            }
        }
    }
}
