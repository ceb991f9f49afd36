using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// The weight gradient of one channel with Vector512 column strips, on the planes the forward strips take (see
/// UsesStrips): the same walk down 16-pixel strips as ForwardPlane512 / ForwardPlane512Stride2, holding the three input
/// rows' left, middle and right taps in registers, but each output row's gradient (its lanes past the row zeroed)
/// multiplies the nine taps into nine running sums instead of the nine weights into one. The padded path
/// (DepthwisePlanes.WeightPlane) copied every plane first and ran 8-lane vectors with a scalar tail per row, about
/// 8× the forward's time on PFLD's 14×14 and 28×28 planes.
/// </summary>
public static unsafe partial class DepthwiseConv3x3
{
    /// <summary>
    /// dw (3 × 3) += Σ g[oy, ox] · x[s·oy − 1 + ky, s·ox − 1 + kx]; *db += Σ g unless db is null. g is Ho × Wo;
    /// [xStart, xEnd) and [gStart, gEnd) are the readable buffers around x and g.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightPlane512(float* x, float* g, int height, int width, int stride, float* dw, float* db,
        float* xStart, float* xEnd, float* gStart, float* gEnd)
    {
        var (ho, wo) = OutputSize(height, width, stride);
        int chunks = (wo + 15) / 16;
        // x: loads reach from stride floats before a row to 16·stride·chunks + 1 after its start (as the forwards').
        if (x - stride < xStart || x + height * width + 16 * stride * chunks + 1 > xEnd)
            x = WithMargins(x, height * width, 16 * stride * chunks + 16);
        // g: loads reach 16·chunks past the start of its last row.
        if (g < gStart || g + ho * wo + 16 * chunks > gEnd)
            g = WithMargins(g, ho * wo, 16 * chunks + 16, ThreadScratch.Slot.Plane1);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var keepFirst = ~Vector512.Equals(lanes, Vector512<int>.Zero).AsSingle();
        // Right taps of the last strip's last column: past the row (x[W]) for stride 1, and for stride 2 when W is odd.
        var keepLast = stride == 2 && width % 2 == 0
            ? Vector512<float>.AllBitsSet
            : ~Vector512.Equals(lanes, Vector512.Create((wo - 1) & 15)).AsSingle();
        var d0 = Vector512<float>.Zero; var d1 = d0; var d2 = d0; var d3 = d0; var d4 = d0;
        var d5 = d0; var d6 = d0; var d7 = d0; var d8 = d0; var d9 = d0;
        for (int k = 0; k < chunks; k++)
        {
            int offset = 16 * k;
            var maskLeft = k == 0 ? keepFirst : Vector512<float>.AllBitsSet;
            var maskRight = k == chunks - 1 ? keepLast : Vector512<float>.AllBitsSet;
            // Lanes past the output row meet taps of the next row (or margin zeros): their gradient must be 0.
            var maskG = Vector512.LessThan(lanes, Vector512.Create(wo - offset)).AsSingle();
            // (left, middle, right) taps of the input rows above, at and below the output row; outside the plane 0.
            var al = Vector512<float>.Zero; var am = al; var ar = al;
            Vector512<float> cl, cm, cr;
            float* row = x + stride * offset;
            if (stride == 1)
            {
                cl = Vector512.Load(row - 1) & maskLeft; cm = Vector512.Load(row); cr = Vector512.Load(row + 1) & maskRight;
            }
            else
            {
                StridedTaps(row, maskLeft, maskRight, out cl, out cm, out cr);
            }
            for (int oy = 0; oy < ho; oy++)
            {
                var bl = Vector512<float>.Zero; var bm = bl; var br = bl;
                if (stride * oy + 1 < height)
                {
                    float* below = row + width;
                    if (stride == 1)
                    {
                        bl = Vector512.Load(below - 1) & maskLeft; bm = Vector512.Load(below); br = Vector512.Load(below + 1) & maskRight;
                    }
                    else
                    {
                        StridedTaps(below, maskLeft, maskRight, out bl, out bm, out br);
                    }
                }
                var gv = Vector512.Load(g + oy * wo + offset) & maskG;
                d0 = Vector512.FusedMultiplyAdd(al, gv, d0);
                d1 = Vector512.FusedMultiplyAdd(am, gv, d1);
                d2 = Vector512.FusedMultiplyAdd(ar, gv, d2);
                d3 = Vector512.FusedMultiplyAdd(cl, gv, d3);
                d4 = Vector512.FusedMultiplyAdd(cm, gv, d4);
                d5 = Vector512.FusedMultiplyAdd(cr, gv, d5);
                d6 = Vector512.FusedMultiplyAdd(bl, gv, d6);
                d7 = Vector512.FusedMultiplyAdd(bm, gv, d7);
                d8 = Vector512.FusedMultiplyAdd(br, gv, d8);
                d9 += gv;
                // Stride 1: the row below becomes the current one. Stride 2: input row 2·oy + 1 is the next output
                // row's row above, and its current row is two further down.
                if (stride == 1)
                {
                    al = cl; am = cm; ar = cr;
                    cl = bl; cm = bm; cr = br;
                    row += width;
                }
                else
                {
                    al = bl; am = bm; ar = br;
                    row += 2 * width;
                    if (oy + 1 < ho)
                        StridedTaps(row, maskLeft, maskRight, out cl, out cm, out cr);
                }
            }
        }
        dw[0] += Vector512.Sum(d0); dw[1] += Vector512.Sum(d1); dw[2] += Vector512.Sum(d2);
        dw[3] += Vector512.Sum(d3); dw[4] += Vector512.Sum(d4); dw[5] += Vector512.Sum(d5);
        dw[6] += Vector512.Sum(d6); dw[7] += Vector512.Sum(d7); dw[8] += Vector512.Sum(d8);
        if (db != null)
            *db += Vector512.Sum(d9);
    }
}
