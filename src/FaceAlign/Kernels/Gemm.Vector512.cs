using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX-512 microkernel: 8×32 tile of C in 16 zmm accumulators (of 32); per depth step two loads of B, eight
/// broadcasts of A, sixteen FMAs. Chosen only when Vector512 is hardware-accelerated; tests run it in software too.
/// </summary>
public static partial class Gemm
{
    /// <summary>8×32 tile, Vector512.</summary>
    internal readonly struct Kernel8x32 : IMicroKernel
    {
        public static int MR => 8;
        public static int NR => 32;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int rows)
        {
            var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
            var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
            var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
            var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
            var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
            var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
            var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
            var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
            for (int p = 0; p < kc; p++, a += MR, b += NR)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var a0 = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(a[4]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(a[5]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(a[6]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(a[7]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            }
            var va = Vector512.Create(alpha);
            if (beta == 0)
            {
                Vector512.Store(c00 * va, c + 0 * ldc); Vector512.Store(c01 * va, c + 0 * ldc + 16);
                if (rows > 1) { Vector512.Store(c10 * va, c + 1 * ldc); Vector512.Store(c11 * va, c + 1 * ldc + 16); }
                if (rows > 2) { Vector512.Store(c20 * va, c + 2 * ldc); Vector512.Store(c21 * va, c + 2 * ldc + 16); }
                if (rows > 3) { Vector512.Store(c30 * va, c + 3 * ldc); Vector512.Store(c31 * va, c + 3 * ldc + 16); }
                if (rows > 4) { Vector512.Store(c40 * va, c + 4 * ldc); Vector512.Store(c41 * va, c + 4 * ldc + 16); }
                if (rows > 5) { Vector512.Store(c50 * va, c + 5 * ldc); Vector512.Store(c51 * va, c + 5 * ldc + 16); }
                if (rows > 6) { Vector512.Store(c60 * va, c + 6 * ldc); Vector512.Store(c61 * va, c + 6 * ldc + 16); }
                if (rows > 7) { Vector512.Store(c70 * va, c + 7 * ldc); Vector512.Store(c71 * va, c + 7 * ldc + 16); }
                return;
            }
            var vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(c00, va, Vector512.Load(c + 0 * ldc) * vb), c + 0 * ldc);
            Vector512.Store(Vector512.FusedMultiplyAdd(c01, va, Vector512.Load(c + 0 * ldc + 16) * vb), c + 0 * ldc + 16);
            if (rows > 1)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c10, va, Vector512.Load(c + 1 * ldc) * vb), c + 1 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c11, va, Vector512.Load(c + 1 * ldc + 16) * vb), c + 1 * ldc + 16);
            }
            if (rows > 2)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c20, va, Vector512.Load(c + 2 * ldc) * vb), c + 2 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c21, va, Vector512.Load(c + 2 * ldc + 16) * vb), c + 2 * ldc + 16);
            }
            if (rows > 3)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c30, va, Vector512.Load(c + 3 * ldc) * vb), c + 3 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c31, va, Vector512.Load(c + 3 * ldc + 16) * vb), c + 3 * ldc + 16);
            }
            if (rows > 4)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c40, va, Vector512.Load(c + 4 * ldc) * vb), c + 4 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c41, va, Vector512.Load(c + 4 * ldc + 16) * vb), c + 4 * ldc + 16);
            }
            if (rows > 5)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c50, va, Vector512.Load(c + 5 * ldc) * vb), c + 5 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c51, va, Vector512.Load(c + 5 * ldc + 16) * vb), c + 5 * ldc + 16);
            }
            if (rows > 6)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c60, va, Vector512.Load(c + 6 * ldc) * vb), c + 6 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c61, va, Vector512.Load(c + 6 * ldc + 16) * vb), c + 6 * ldc + 16);
            }
            if (rows > 7)
            {
                Vector512.Store(Vector512.FusedMultiplyAdd(c70, va, Vector512.Load(c + 7 * ldc) * vb), c + 7 * ldc);
                Vector512.Store(Vector512.FusedMultiplyAdd(c71, va, Vector512.Load(c + 7 * ldc + 16) * vb), c + 7 * ldc + 16);
            }
        }
    }
}
