using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX-512 tile: 8×32 of Y in 16 zmm accumulators started at the bias; per depth step two loads of an X row
/// (in place, stride ldb), eight broadcasts of W, sixteen FMAs; the epilogue adds the addend and applies the activation.
/// </summary>
public static unsafe partial class ConvGemm
{
    internal readonly struct Kernel8x32 : ITileKernel
    {
        public static int MR => 8;
        public static int NR => 32;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int k, float* a, float* b, nint ldb, float* c, nint ldc, float* bias, float* addend, int rows, Activation activation)
        {
            var c00 = Vector512.Create(bias[0]); var c01 = c00;
            var c10 = Vector512.Create(bias[1]); var c11 = c10;
            var c20 = Vector512.Create(bias[2]); var c21 = c20;
            var c30 = Vector512.Create(bias[3]); var c31 = c30;
            var c40 = Vector512.Create(bias[4]); var c41 = c40;
            var c50 = Vector512.Create(bias[5]); var c51 = c50;
            var c60 = Vector512.Create(bias[6]); var c61 = c60;
            var c70 = Vector512.Create(bias[7]); var c71 = c70;
            for (int p = 0; p < k; p++, a += MR, b += ldb)
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
            StoreRow(c00, c01, c, addend, activation);
            if (rows > 1) StoreRow(c10, c11, c + ldc, addend == null ? null : addend + ldc, activation);
            if (rows > 2) StoreRow(c20, c21, c + 2 * ldc, addend == null ? null : addend + 2 * ldc, activation);
            if (rows > 3) StoreRow(c30, c31, c + 3 * ldc, addend == null ? null : addend + 3 * ldc, activation);
            if (rows > 4) StoreRow(c40, c41, c + 4 * ldc, addend == null ? null : addend + 4 * ldc, activation);
            if (rows > 5) StoreRow(c50, c51, c + 5 * ldc, addend == null ? null : addend + 5 * ldc, activation);
            if (rows > 6) StoreRow(c60, c61, c + 6 * ldc, addend == null ? null : addend + 6 * ldc, activation);
            if (rows > 7) StoreRow(c70, c71, c + 7 * ldc, addend == null ? null : addend + 7 * ldc, activation);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(Vector512<float> v0, Vector512<float> v1, float* c, float* addend, Activation activation)
        {
            if (addend != null)
            {
                v0 += Vector512.Load(addend);
                v1 += Vector512.Load(addend + 16);
            }
            if (activation != Activation.None)
            {
                v0 = Vector512.MaxNative(v0, Vector512<float>.Zero);
                v1 = Vector512.MaxNative(v1, Vector512<float>.Zero);
            }
            if (activation == Activation.Relu6)
            {
                v0 = Vector512.MinNative(v0, Vector512.Create(6f));
                v1 = Vector512.MinNative(v1, Vector512.Create(6f));
            }
            Vector512.Store(v0, c);
            Vector512.Store(v1, c + 16);
        }
    }
}
