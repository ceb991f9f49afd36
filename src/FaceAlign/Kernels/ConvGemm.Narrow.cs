using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The right-edge tile: up to 8 rows × 8 columns in 8 ymm accumulators, run once per 8 leftover columns. With
/// 14×14 maps N = 196 leaves 4 columns past the last 32-wide tile; a full-width tile would spend as many FMAs on
/// them as on 32 columns, this one an eighth (on AVX-512) or half (AVX2) of that.
/// </summary>
public static unsafe partial class ConvGemm
{
    internal readonly struct Kernel8x8 : ITileKernel
    {
        public static int MR => 8;
        public static int NR => 8;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int k, float* w, nint ldw, float* b, nint ldb, float* c, nint ldc, float* bias, float* addend, int rows, Epilogue epilogue)
        {
            float* w0 = w, w1 = w + ldw, w2 = w + 2 * ldw, w3 = w + 3 * ldw;
            float* w4 = w + 4 * ldw, w5 = w + 5 * ldw, w6 = w + 6 * ldw, w7 = w + 7 * ldw;
            var c0 = Bias(bias, 0); var c1 = Bias(bias, 1); var c2 = Bias(bias, 2); var c3 = Bias(bias, 3);
            var c4 = Bias(bias, 4); var c5 = Bias(bias, 5); var c6 = Bias(bias, 6); var c7 = Bias(bias, 7);
            for (int p = 0; p < k; p++, b += ldb)
            {
                var bv = Vector256.Load(b);
                c0 = Vector256.FusedMultiplyAdd(Vector256.Create(w0[p]), bv, c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Create(w1[p]), bv, c1);
                c2 = Vector256.FusedMultiplyAdd(Vector256.Create(w2[p]), bv, c2);
                c3 = Vector256.FusedMultiplyAdd(Vector256.Create(w3[p]), bv, c3);
                c4 = Vector256.FusedMultiplyAdd(Vector256.Create(w4[p]), bv, c4);
                c5 = Vector256.FusedMultiplyAdd(Vector256.Create(w5[p]), bv, c5);
                c6 = Vector256.FusedMultiplyAdd(Vector256.Create(w6[p]), bv, c6);
                c7 = Vector256.FusedMultiplyAdd(Vector256.Create(w7[p]), bv, c7);
            }
            StoreRow(c0, c, addend, epilogue);
            if (rows > 1) StoreRow(c1, c + ldc, addend == null ? null : addend + ldc, epilogue);
            if (rows > 2) StoreRow(c2, c + 2 * ldc, addend == null ? null : addend + 2 * ldc, epilogue);
            if (rows > 3) StoreRow(c3, c + 3 * ldc, addend == null ? null : addend + 3 * ldc, epilogue);
            if (rows > 4) StoreRow(c4, c + 4 * ldc, addend == null ? null : addend + 4 * ldc, epilogue);
            if (rows > 5) StoreRow(c5, c + 5 * ldc, addend == null ? null : addend + 5 * ldc, epilogue);
            if (rows > 6) StoreRow(c6, c + 6 * ldc, addend == null ? null : addend + 6 * ldc, epilogue);
            if (rows > 7) StoreRow(c7, c + 7 * ldc, addend == null ? null : addend + 7 * ldc, epilogue);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Bias(float* bias, int row) => bias == null ? Vector256<float>.Zero : Vector256.Create(bias[row]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(Vector256<float> v, float* c, float* addend, Epilogue epilogue)
        {
            if (addend != null)
                v += Vector256.Load(addend);
            v = epilogue.Apply(v);
            Vector256.Store(v, c);
        }
    }
}
