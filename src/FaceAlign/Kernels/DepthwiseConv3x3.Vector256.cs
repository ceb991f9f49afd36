using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The strip forward planes of DepthwiseConv3x3.Vector512.cs with Vector256 (8-pixel strips), for AVX2 machines: the
/// same walk down the plane with three input rows held as taps, no padded copy. Kept as a twin rather than shared
/// through a vector abstraction because the JIT keeps these loops in registers only when written on concrete types.
/// </summary>
public static unsafe partial class DepthwiseConv3x3
{
    /// <summary>Plane of one channel: y (H × W) = act(conv(x (H × W), w) + bias); [xStart, xEnd) is the readable input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPlane256(float* x, int height, int width, float* w, float bias, float* y, Epilogue epilogue,
        float* xStart, float* xEnd)
    {
        int chunks = (width + 7) / 8, planeLength = height * width;
        // Loads reach from one float before a row to 8·chunks + 1 after its start.
        if (x - 1 < xStart || x + planeLength + 8 * chunks + 1 > xEnd)
            x = WithMargins(x, planeLength, 8 * chunks + 8);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        // Left taps of the first strip: lane 0 held x[−1]. Right taps of the last: lane (W − 1) mod 8 held x[W].
        var keepFirst = ~Vector256.Equals(lanes, Vector256<int>.Zero).AsSingle();
        var keepLast = ~Vector256.Equals(lanes, Vector256.Create((width - 1) & 7)).AsSingle();
        var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
        var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
        var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
        var vb = Vector256.Create(bias);
        float* lanesOut = stackalloc float[8];
        // Strips right to left: the last strip's whole-vector stores spill into the start of the next row, which the
        // first strip, done last, then overwrites.
        for (int k = chunks - 1; k >= 0; k--)
        {
            int offset = 8 * k;
            var maskLeft = k == 0 ? keepFirst : Vector256<float>.AllBitsSet;
            var maskRight = k == chunks - 1 ? keepLast : Vector256<float>.AllBitsSet;
            // (left, middle, right) taps of the rows above, at and below the output row; rows outside the plane are 0.
            var al = Vector256<float>.Zero; var am = al; var ar = al;
            float* row = x + offset;
            var cl = Vector256.Load(row - 1) & maskLeft; var cm = Vector256.Load(row); var cr = Vector256.Load(row + 1) & maskRight;
            for (int oy = 0; oy < height; oy++)
            {
                var bl = Vector256<float>.Zero; var bm = bl; var br = bl;
                if (oy + 1 < height)
                {
                    row += width;
                    bl = Vector256.Load(row - 1) & maskLeft;
                    bm = Vector256.Load(row);
                    br = Vector256.Load(row + 1) & maskRight;
                }
                // One partial sum per kernel row: three short FMA chains instead of one nine deep.
                var s0 = Vector256.FusedMultiplyAdd(al, w0, Vector256.FusedMultiplyAdd(am, w1, ar * w2));
                var s1 = Vector256.FusedMultiplyAdd(cl, w3, Vector256.FusedMultiplyAdd(cm, w4, Vector256.FusedMultiplyAdd(cr, w5, vb)));
                var s2 = Vector256.FusedMultiplyAdd(bl, w6, Vector256.FusedMultiplyAdd(bm, w7, br * w8));
                var acc = s0 + s1 + s2;
                acc = epilogue.Apply(acc);
                // A whole-vector store may run past the row into the next rows (written later), never past the plane.
                int at = oy * width + offset;
                if (at + 8 <= planeLength)
                {
                    Vector256.Store(acc, y + at);
                }
                else
                {
                    Vector256.Store(acc, lanesOut);
                    for (int i = 0; i < 8 && offset + i < width; i++)
                        y[at + i] = lanesOut[i];
                }
                al = cl; am = cm; ar = cr;
                cl = bl; cm = bm; cr = br;
            }
        }
    }

    /// <summary>
    /// Stride 2: y (Ho × Wo) = act(conv(x (H × W), w) + bias) with Ho = ⌈H/2⌉, Wo = ⌈W/2⌉ (see UsesStrips); [xStart, xEnd) is the
    /// readable input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPlane256Stride2(float* x, int height, int width, float* w, float bias, float* y, Epilogue epilogue,
        float* xStart, float* xEnd)
    {
        int ho = (height + 1) / 2, wo = (width + 1) / 2, chunks = (wo + 7) / 8, planeLength = ho * wo;
        // Loads reach from two floats before a row to 16·chunks after its start.
        if (x - 2 < xStart || x + height * width + 16 * chunks > xEnd)
            x = WithMargins(x, height * width, 16 * chunks + 8);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        // Left taps (column 2·ox − 1) of the first strip: lane 0 held x[−1]. Right taps (2·ox + 1) of the last strip
        // when W is odd: lane (Wo − 1) mod 8 held x[W].
        var keepFirst = ~Vector256.Equals(lanes, Vector256<int>.Zero).AsSingle();
        var keepLast = width % 2 == 0 ? Vector256<float>.AllBitsSet : ~Vector256.Equals(lanes, Vector256.Create((wo - 1) & 7)).AsSingle();
        var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
        var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
        var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
        var vb = Vector256.Create(bias);
        float* lanesOut = stackalloc float[8];
        for (int k = chunks - 1; k >= 0; k--)
        {
            int offset = 8 * k;
            var maskLeft = k == 0 ? keepFirst : Vector256<float>.AllBitsSet;
            var maskRight = k == chunks - 1 ? keepLast : Vector256<float>.AllBitsSet;
            // Taps of input row 2·oy − 1 (above), carried over from the previous output row; zero above the plane.
            var al = Vector256<float>.Zero; var am = al; var ar = al;
            for (int oy = 0; oy < ho; oy++)
            {
                float* row = x + 2 * oy * width + 2 * offset;
                StridedTaps256(row, maskLeft, maskRight, out var cl, out var cm, out var cr);
                var bl = Vector256<float>.Zero; var bm = bl; var br = bl;
                if (2 * oy + 1 < height)
                    StridedTaps256(row + width, maskLeft, maskRight, out bl, out bm, out br);
                var s0 = Vector256.FusedMultiplyAdd(al, w0, Vector256.FusedMultiplyAdd(am, w1, ar * w2));
                var s1 = Vector256.FusedMultiplyAdd(cl, w3, Vector256.FusedMultiplyAdd(cm, w4, Vector256.FusedMultiplyAdd(cr, w5, vb)));
                var s2 = Vector256.FusedMultiplyAdd(bl, w6, Vector256.FusedMultiplyAdd(bm, w7, br * w8));
                var acc = s0 + s1 + s2;
                acc = epilogue.Apply(acc);
                int at = oy * wo + offset;
                if (at + 8 <= planeLength)
                {
                    Vector256.Store(acc, y + at);
                }
                else
                {
                    Vector256.Store(acc, lanesOut);
                    for (int i = 0; i < 8 && offset + i < wo; i++)
                        y[at + i] = lanesOut[i];
                }
                al = bl; am = bm; ar = br;
            }
        }
    }

    /// <summary>
    /// For 8 output columns starting at input <paramref name="at"/> (= 2·ox₀): left = at[2j − 1], middle = at[2j],
    /// right = at[2j + 1], with the masks applied to left and right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StridedTaps256(float* at, Vector256<float> maskLeft, Vector256<float> maskRight,
        out Vector256<float> left, out Vector256<float> middle, out Vector256<float> right)
    {
        (middle, right) = DepthwisePlanes.Deinterleave(Vector256.Load(at), Vector256.Load(at + 8));
        right &= maskRight;
        left = DepthwisePlanes.Deinterleave(Vector256.Load(at - 2), Vector256.Load(at + 6)).Odd & maskLeft;
    }
}
