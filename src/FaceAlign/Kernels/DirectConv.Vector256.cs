using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The AVX2 block: 8 output channels × 8 consecutive pixels in 8 ymm accumulators started at the bias; per tap one
/// load from the band buffer and eight FMAs with that tap's weights broadcast from memory ([tap][channel]).
/// </summary>
public static unsafe partial class DirectConv
{
    private readonly struct Block256 : IBlock
    {
        public static int Width => 8;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(float* p, int* offsets, int taps, float* w, float* bias, float* output, nint stride, Epilogue epilogue)
        {
            var c0 = Vector256.Create(bias[0]); var c1 = Vector256.Create(bias[1]);
            var c2 = Vector256.Create(bias[2]); var c3 = Vector256.Create(bias[3]);
            var c4 = Vector256.Create(bias[4]); var c5 = Vector256.Create(bias[5]);
            var c6 = Vector256.Create(bias[6]); var c7 = Vector256.Create(bias[7]);
            for (int t = 0; t < taps; t++, w += BlockChannels)
            {
                var v = Vector256.Load(p + offsets[t]);
                c0 = Vector256.FusedMultiplyAdd(Vector256.Create(w[0]), v, c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Create(w[1]), v, c1);
                c2 = Vector256.FusedMultiplyAdd(Vector256.Create(w[2]), v, c2);
                c3 = Vector256.FusedMultiplyAdd(Vector256.Create(w[3]), v, c3);
                c4 = Vector256.FusedMultiplyAdd(Vector256.Create(w[4]), v, c4);
                c5 = Vector256.FusedMultiplyAdd(Vector256.Create(w[5]), v, c5);
                c6 = Vector256.FusedMultiplyAdd(Vector256.Create(w[6]), v, c6);
                c7 = Vector256.FusedMultiplyAdd(Vector256.Create(w[7]), v, c7);
            }
            Vector256.Store(epilogue.Apply(c0), output);
            Vector256.Store(epilogue.Apply(c1), output + stride);
            Vector256.Store(epilogue.Apply(c2), output + 2 * stride);
            Vector256.Store(epilogue.Apply(c3), output + 3 * stride);
            Vector256.Store(epilogue.Apply(c4), output + 4 * stride);
            Vector256.Store(epilogue.Apply(c5), output + 5 * stride);
            Vector256.Store(epilogue.Apply(c6), output + 6 * stride);
            Vector256.Store(epilogue.Apply(c7), output + 7 * stride);
        }
    }
}
