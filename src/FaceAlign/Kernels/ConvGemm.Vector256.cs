using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX2+FMA tile: 6×16 of Y in 12 ymm accumulators started at the bias; per depth step two loads of an X row
/// (in place, stride ldb), six broadcasts from W's rows (in place too), twelve FMAs; the epilogue adds the addend
/// and applies the activation.
/// </summary>
public static unsafe partial class ConvGemm
{
    internal readonly struct Kernel6x16 : ITileKernel
    {
        public static int MR => 6;
        public static int NR => 16;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int k, float* w, nint ldw, float* b, nint ldb, float* c, nint ldc, float* bias, float* addend, int rows, Epilogue epilogue)
        {
            float* w0 = w, w1 = w + ldw, w2 = w + 2 * ldw, w3 = w + 3 * ldw;
            float* w4 = w + 4 * ldw, w5 = w + 5 * ldw;
            var c00 = Bias(bias, 0); var c01 = c00;
            var c10 = Bias(bias, 1); var c11 = c10;
            var c20 = Bias(bias, 2); var c21 = c20;
            var c30 = Bias(bias, 3); var c31 = c30;
            var c40 = Bias(bias, 4); var c41 = c40;
            var c50 = Bias(bias, 5); var c51 = c50;
            for (int p = 0; p < k; p++, b += ldb)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var a0 = Vector256.Create(w0[p]);
                c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
                var a1 = Vector256.Create(w1[p]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
                var a2 = Vector256.Create(w2[p]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
                var a3 = Vector256.Create(w3[p]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
                var a4 = Vector256.Create(w4[p]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector256.Create(w5[p]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }
            StoreRow(c00, c01, c, addend, epilogue);
            if (rows > 1) StoreRow(c10, c11, c + ldc, addend == null ? null : addend + ldc, epilogue);
            if (rows > 2) StoreRow(c20, c21, c + 2 * ldc, addend == null ? null : addend + 2 * ldc, epilogue);
            if (rows > 3) StoreRow(c30, c31, c + 3 * ldc, addend == null ? null : addend + 3 * ldc, epilogue);
            if (rows > 4) StoreRow(c40, c41, c + 4 * ldc, addend == null ? null : addend + 4 * ldc, epilogue);
            if (rows > 5) StoreRow(c50, c51, c + 5 * ldc, addend == null ? null : addend + 5 * ldc, epilogue);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Bias(float* bias, int row) => bias == null ? Vector256<float>.Zero : Vector256.Create(bias[row]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(Vector256<float> v0, Vector256<float> v1, float* c, float* addend, Epilogue epilogue)
        {
            if (addend != null)
            {
                v0 += Vector256.Load(addend);
                v1 += Vector256.Load(addend + 8);
            }
            v0 = epilogue.Apply(v0);
            v1 = epilogue.Apply(v1);
            Vector256.Store(v0, c);
            Vector256.Store(v1, c + 8);
        }
    }
}
