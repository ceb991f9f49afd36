using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX-512 tile: 8×32 of Y in 16 zmm accumulators started at the bias; per depth step two loads of an X row
/// (in place, stride ldb), eight broadcasts from W's rows (in place too), sixteen FMAs; the epilogue adds the addend
/// and applies the activation.
/// </summary>
public static unsafe partial class ConvGemm
{
    internal readonly struct Kernel8x32 : ITileKernel
    {
        public static int MR => 8;
        public static int NR => 32;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int k, float* w, nint ldw, float* b, nint ldb, float* c, nint ldc, float* bias, float* addend, int rows, Epilogue epilogue)
        {
            float* w0 = w, w1 = w + ldw, w2 = w + 2 * ldw, w3 = w + 3 * ldw;
            float* w4 = w + 4 * ldw, w5 = w + 5 * ldw, w6 = w + 6 * ldw, w7 = w + 7 * ldw;
            var c00 = Bias(bias, 0); var c01 = c00;
            var c10 = Bias(bias, 1); var c11 = c10;
            var c20 = Bias(bias, 2); var c21 = c20;
            var c30 = Bias(bias, 3); var c31 = c30;
            var c40 = Bias(bias, 4); var c41 = c40;
            var c50 = Bias(bias, 5); var c51 = c50;
            var c60 = Bias(bias, 6); var c61 = c60;
            var c70 = Bias(bias, 7); var c71 = c70;
            for (int p = 0; p < k; p++, b += ldb)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var a0 = Vector512.Create(w0[p]);
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector512.Create(w1[p]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector512.Create(w2[p]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector512.Create(w3[p]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector512.Create(w4[p]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(w5[p]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(w6[p]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(w7[p]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            }
            StoreRow(c00, c01, c, addend, epilogue);
            if (rows > 1) StoreRow(c10, c11, c + ldc, addend == null ? null : addend + ldc, epilogue);
            if (rows > 2) StoreRow(c20, c21, c + 2 * ldc, addend == null ? null : addend + 2 * ldc, epilogue);
            if (rows > 3) StoreRow(c30, c31, c + 3 * ldc, addend == null ? null : addend + 3 * ldc, epilogue);
            if (rows > 4) StoreRow(c40, c41, c + 4 * ldc, addend == null ? null : addend + 4 * ldc, epilogue);
            if (rows > 5) StoreRow(c50, c51, c + 5 * ldc, addend == null ? null : addend + 5 * ldc, epilogue);
            if (rows > 6) StoreRow(c60, c61, c + 6 * ldc, addend == null ? null : addend + 6 * ldc, epilogue);
            if (rows > 7) StoreRow(c70, c71, c + 7 * ldc, addend == null ? null : addend + 7 * ldc, epilogue);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Bias(float* bias, int row) => bias == null ? Vector512<float>.Zero : Vector512.Create(bias[row]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(Vector512<float> v0, Vector512<float> v1, float* c, float* addend, Epilogue epilogue)
        {
            if (addend != null)
            {
                v0 += Vector512.Load(addend);
                v1 += Vector512.Load(addend + 16);
            }
            v0 = epilogue.Apply(v0);
            v1 = epilogue.Apply(v1);
            Vector512.Store(v0, c);
            Vector512.Store(v1, c + 16);
        }
    }
}
