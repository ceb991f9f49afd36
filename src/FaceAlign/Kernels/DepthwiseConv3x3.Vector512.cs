using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

/// <summary>
/// The forward plane with Vector512, for rows of up to 64 pixels (MobileNet maps of 56, 28, 14, 7) and for wider planes
/// that fit in L2 (the detector's 320×240 and 160×120 maps), without a padded copy. It walks down one 16-pixel column
/// strip at a time, holding three input rows in registers as their left, middle and right taps — the row loaded one
/// float earlier, in place and one later — so each input row is loaded once per strip rather than three times.
/// Stride 1 masks its loads and stores (AVX-512 masks: a masked lane is zero and touches no memory): a tap that falls
/// outside the row is zero without a separate AND per row, nothing before or after the plane is read, so no plane
/// needs a copy between zero margins, and the last strip writes only its own columns. On PFLD-1X's 512 planes of
/// 14×14 that took 42 → 37 µs against ANDed loads, margin copies of the end planes and a stack buffer for the last
/// row's store. Stride 2 works on output strips: an input row's taps for 16 output columns are the even, odd and
/// shifted-odd elements of 32 input values, and each input row at an odd index serves two output rows; it keeps
/// plain loads with the edge lanes ANDed away and the margin copies, since masking its four loads per input row ran
/// slower (128 planes of 56×56: 45 → 51 µs). The padded path (DepthwisePlanes) spent most of its time on loads and row
/// set-up on planes this small.
/// </summary>
public static unsafe partial class DepthwiseConv3x3
{
    /// <summary>Output rows up to this wide always take the strip kernels (Vector512: 4 strips, Vector256: 8).</summary>
    private const int MaxStripRow = 64;

    /// <summary>
    /// Wider rows take them while the input plane has at most this many floats (512 KB, half of L2): each strip
    /// walks the whole plane, and its edge taps read the neighbouring strips' cache lines, so the plane must stay in
    /// L2 across strips. 8 channels of 320×240: 0.18 ms vs 0.27 ms padded; of 400×300 0.29 vs 0.43; of 640×360 1.19
    /// vs 0.86; of 960×540: 4.7 ms vs 2.7 ms padded.
    /// </summary>
    private const int MaxStripPlane = 128 * 1024;

    private static bool UsesStrips(int height, int width, int outWidth) =>
        outWidth <= MaxStripRow || (long)height * width <= MaxStripPlane;

    /// <summary>Plane of one channel: y (H × W) = act(conv(x (H × W), w) + bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPlane512(float* x, int height, int width, float* w, float bias, float* y, Epilogue epilogue)
    {
        int chunks = (width + 15) / 16;
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var w0 = Vector512.Create(w[0]); var w1 = Vector512.Create(w[1]); var w2 = Vector512.Create(w[2]);
        var w3 = Vector512.Create(w[3]); var w4 = Vector512.Create(w[4]); var w5 = Vector512.Create(w[5]);
        var w6 = Vector512.Create(w[6]); var w7 = Vector512.Create(w[7]); var w8 = Vector512.Create(w[8]);
        var vb = Vector512.Create(bias);
        for (int k = 0; k < chunks; k++)
        {
            int offset = 16 * k;
            // Lane i is column offset + i; its left and right taps are columns offset + i ∓ 1. A tap outside [0, W) or a
            // lane past the row is a masked load: zero, and no memory read, so nothing outside the plane is touched.
            var middle = Vector512.LessThan(lanes, Vector512.Create(width - offset)).AsSingle();
            var left = Vector512.GreaterThanOrEqual(lanes, Vector512.Create(1 - offset)).AsSingle() & middle;
            var right = Vector512.LessThan(lanes, Vector512.Create(width - offset - 1)).AsSingle();
            // (left, middle, right) taps of the rows above, at and below the output row; rows outside the plane are 0.
            var al = Vector512<float>.Zero; var am = al; var ar = al;
            float* row = x + offset;
            var cl = MaskedLoad(row - 1, left); var cm = MaskedLoad(row, middle); var cr = MaskedLoad(row + 1, right);
            for (int oy = 0; oy < height; oy++)
            {
                var bl = Vector512<float>.Zero; var bm = bl; var br = bl;
                if (oy + 1 < height)
                {
                    row += width;
                    bl = MaskedLoad(row - 1, left);
                    bm = MaskedLoad(row, middle);
                    br = MaskedLoad(row + 1, right);
                }
                // One partial sum per kernel row: three short FMA chains instead of one nine deep.
                var s0 = Vector512.FusedMultiplyAdd(al, w0, Vector512.FusedMultiplyAdd(am, w1, ar * w2));
                var s1 = Vector512.FusedMultiplyAdd(cl, w3, Vector512.FusedMultiplyAdd(cm, w4, Vector512.FusedMultiplyAdd(cr, w5, vb)));
                var s2 = Vector512.FusedMultiplyAdd(bl, w6, Vector512.FusedMultiplyAdd(bm, w7, br * w8));
                MaskedStore(y + oy * width + offset, middle, epilogue.Apply(s0 + s1 + s2));
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
    private static void ForwardPlane512Stride2(float* x, int height, int width, float* w, float bias, float* y, Epilogue epilogue,
        float* xStart, float* xEnd)
    {
        int ho = (height + 1) / 2, wo = (width + 1) / 2, chunks = (wo + 15) / 16, planeLength = ho * wo;
        // Loads reach from two floats before a row to 32·chunks after its start.
        if (x - 2 < xStart || x + height * width + 32 * chunks > xEnd)
            x = WithMargins(x, height * width, 32 * chunks + 16);
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        // Left taps (column 2·ox − 1) of the first strip: lane 0 held x[−1]. Right taps (2·ox + 1) of the last strip
        // when W is odd: lane (Wo − 1) mod 16 held x[W].
        var keepFirst = ~Vector512.Equals(lanes, Vector512<int>.Zero).AsSingle();
        var keepLast = width % 2 == 0 ? Vector512<float>.AllBitsSet : ~Vector512.Equals(lanes, Vector512.Create((wo - 1) & 15)).AsSingle();
        var w0 = Vector512.Create(w[0]); var w1 = Vector512.Create(w[1]); var w2 = Vector512.Create(w[2]);
        var w3 = Vector512.Create(w[3]); var w4 = Vector512.Create(w[4]); var w5 = Vector512.Create(w[5]);
        var w6 = Vector512.Create(w[6]); var w7 = Vector512.Create(w[7]); var w8 = Vector512.Create(w[8]);
        var vb = Vector512.Create(bias);
        float* lanesOut = stackalloc float[16];
        for (int k = chunks - 1; k >= 0; k--)
        {
            int offset = 16 * k;
            var maskLeft = k == 0 ? keepFirst : Vector512<float>.AllBitsSet;
            var maskRight = k == chunks - 1 ? keepLast : Vector512<float>.AllBitsSet;
            // Taps of input row 2·oy − 1 (above), carried over from the previous output row; zero above the plane.
            var al = Vector512<float>.Zero; var am = al; var ar = al;
            for (int oy = 0; oy < ho; oy++)
            {
                float* row = x + 2 * oy * width + 2 * offset;
                StridedTaps(row, maskLeft, maskRight, out var cl, out var cm, out var cr);
                var bl = Vector512<float>.Zero; var bm = bl; var br = bl;
                if (2 * oy + 1 < height)
                    StridedTaps(row + width, maskLeft, maskRight, out bl, out bm, out br);
                var s0 = Vector512.FusedMultiplyAdd(al, w0, Vector512.FusedMultiplyAdd(am, w1, ar * w2));
                var s1 = Vector512.FusedMultiplyAdd(cl, w3, Vector512.FusedMultiplyAdd(cm, w4, Vector512.FusedMultiplyAdd(cr, w5, vb)));
                var s2 = Vector512.FusedMultiplyAdd(bl, w6, Vector512.FusedMultiplyAdd(bm, w7, br * w8));
                var acc = s0 + s1 + s2;
                acc = epilogue.Apply(acc);
                int at = oy * wo + offset;
                if (at + 16 <= planeLength)
                {
                    Vector512.Store(acc, y + at);
                }
                else
                {
                    Vector512.Store(acc, lanesOut);
                    for (int i = 0; i < 16 && offset + i < wo; i++)
                        y[at + i] = lanesOut[i];
                }
                al = bl; am = bm; ar = br;
            }
        }
    }

    /// <summary>
    /// For 16 output columns starting at input <paramref name="at"/> (= 2·ox₀): left = at[2j − 1], middle = at[2j],
    /// right = at[2j + 1], with the masks applied to left and right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StridedTaps(float* at, Vector512<float> maskLeft, Vector512<float> maskRight,
        out Vector512<float> left, out Vector512<float> middle, out Vector512<float> right)
    {
        var a = Vector512.Load(at);
        var b = Vector512.Load(at + 16);
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odds = evens + Vector512<int>.One;
        middle = Pick(a, b, evens);
        right = Pick(a, b, odds) & maskRight;
        left = Pick(Vector512.Load(at - 2), Vector512.Load(at + 14), odds) & maskLeft;
    }

    /// <summary>
    /// The lanes of p[0..16) where <paramref name="mask"/> is set, zero elsewhere; masked lanes read no memory (they may
    /// lie outside the buffer). Without AVX-512 (tests forcing this path) lane by lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaskedLoad(float* p, Vector512<float> mask)
    {
        if (Avx512F.IsSupported)
            return Avx512F.MaskLoad(p, mask, Vector512<float>.Zero);
        var lanes = Vector512<float>.Zero;
        for (int i = 0; i < 16; i++)
            if (mask.AsInt32()[i] != 0)
                lanes = lanes.WithElement(i, p[i]);
        return lanes;
    }

    /// <summary>p[i] = v[i] where <paramref name="mask"/> is set; the other lanes' memory is not touched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskedStore(float* p, Vector512<float> mask, Vector512<float> v)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.MaskStore(p, mask, v);
            return;
        }
        for (int i = 0; i < 16; i++)
            if (mask.AsInt32()[i] != 0)
                p[i] = v[i];
    }

    /// <summary>Lanes of the 32 values a ‖ b at <paramref name="indices"/> (0–31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pick(Vector512<float> a, Vector512<float> b, Vector512<int> indices)
    {
        if (Avx512F.IsSupported)
            return Avx512F.PermuteVar16x32x2(a, indices, b);
        // Portable: each half picks from its own source (indices ≥ 16 fall outside and give 0), then the two are merged.
        return Vector512.Shuffle(a, indices) | Vector512.Shuffle(b, indices - Vector512.Create(16));
    }

    /// <summary>The plane copied into this thread's scratch (<paramref name="slot"/>) with <paramref name="margin"/> zeros before and after it.</summary>
    private static float* WithMargins(float* plane, int length, int margin, ThreadScratch.Slot slot = ThreadScratch.Slot.Plane0)
    {
        float* copy = ThreadScratch.Get(slot, length + 2 * margin);
        new Span<float>(copy, margin).Clear();
        new ReadOnlySpan<float>(plane, length).CopyTo(new Span<float>(copy + margin, length));
        new Span<float>(copy + margin + length, margin).Clear();
        return copy + margin;
    }
}
