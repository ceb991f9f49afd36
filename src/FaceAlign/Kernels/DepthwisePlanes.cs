using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// Plane-level pieces of <see cref="DepthwiseConv3x3"/>. Each channel is first copied into a zero-padded plane
/// (stride 1) or split into even/odd-column padded planes (stride 2), so every 3×3 tap becomes a plain shifted,
/// contiguous row and the SIMD loops need no border cases — the last vector of a row reads into slack instead.
/// Each kernel takes <c>simd</c> (Vector256 accelerated, or forced off by tests) and has a scalar twin path.
/// Kernels are compiled fully optimised from the first call (AggressiveOptimization): they are hot at once, and
/// tier-0 code for them runs 2–3× slower for the first ~100 ms.
/// </summary>
internal static unsafe class DepthwisePlanes
{
    /// <summary>
    /// Zeros kept after every prepared plane: a row's last, partial vector reads up to 7 values past the row, and
    /// past the plane's end for its last row; the extra lanes are discarded (or multiplied by 0, so must be finite).
    /// </summary>
    public const int Slack = 16;

    /// <summary>
    /// Where the nine taps of every output row live: tap (ky, kx) of output row y, column x is
    /// (kx = 0: Left, 1: Mid, 2: Right)[x + ky·KernelRowStep + y·OutputRowStep].
    /// </summary>
    public readonly struct TapPlane(float* left, float* mid, float* right, nint kernelRowStep, nint outputRowStep)
    {
        public readonly float* Left = left, Mid = mid, Right = right;
        public readonly nint KernelRowStep = kernelRowStep, OutputRowStep = outputRowStep;

        /// <summary>Stride 1 over a padded plane P (row stride ps): input (y − 1 + ky, x − 1 + kx) is P[y + ky][x + kx].</summary>
        public static TapPlane Dense(float* padded, int ps) => new(padded, padded + 1, padded + 2, ps, ps);

        /// <summary>Stride 2 over split planes (row stride es): input column 2x − 1 + kx is E[x], O[x], E[x + 1] (see <see cref="Split"/>).</summary>
        public static TapPlane Strided(float* even, float* odd, int es) => new(even, odd, even + 1, es, 2 * es);
    }

    /// <summary>dst ((H+2) × (W+2), then <see cref="Slack"/> zeros) = src (H × W) with a one-pixel zero border.</summary>
    public static void Pad(float* src, int height, int width, float* dst)
    {
        int stride = width + 2;
        new Span<float>(dst, stride).Clear();
        new Span<float>(dst + (height + 1) * stride, stride + Slack).Clear();
        for (int y = 0; y < height; y++)
        {
            float* row = dst + (y + 1) * stride;
            row[0] = 0;
            new ReadOnlySpan<float>(src + y * width, width).CopyTo(new Span<float>(row + 1, width));
            row[width + 1] = 0;
        }
    }

    /// <summary>
    /// Splits the padded plane P of src (H × W) by column parity: even ((H+2) × (wo+1)) holds P[r][2j] = src[r−1][2j−1],
    /// odd holds P[r][2j+1] = src[r−1][2j]; out-of-image entries are 0. Row stride of both is wo + 1; each plane is
    /// followed by <see cref="Slack"/> zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Split(float* src, int height, int width, float* even, float* odd, bool simd)
    {
        int wo = (width - 1) / 2 + 1, stride = wo + 1;
        new Span<float>(even, stride).Clear();
        new Span<float>(odd, stride).Clear();
        new Span<float>(even + (height + 1) * stride, stride + Slack).Clear();
        new Span<float>(odd + (height + 1) * stride, stride + Slack).Clear();
        for (int y = 0; y < height; y++)
        {
            float* x = src + y * width, e = even + (y + 1) * stride, o = odd + (y + 1) * stride;
            e[0] = 0;
            int j = 0;
            if (simd && width >= 16)
            {
                for (; 2 * j + 16 <= width; j += 8)
                {
                    var (evens, odds) = Deinterleave(Vector256.Load(x + 2 * j), Vector256.Load(x + 2 * j + 8));
                    Vector256.Store(evens, o + j);
                    Vector256.Store(odds, e + j + 1);
                }
                if (2 * j < width)
                {
                    // The rest: one more step over the row's last 16 values, overlapping the previous one (rewriting
                    // the same values). Its first value may be even- or odd-indexed.
                    int s = width - 16;
                    var (first, second) = Deinterleave(Vector256.Load(x + s), Vector256.Load(x + s + 8));
                    if (s % 2 == 0)
                    {
                        Vector256.Store(first, o + s / 2);
                        Vector256.Store(second, e + s / 2 + 1);
                    }
                    else
                    {
                        Vector256.Store(first, e + (s + 1) / 2);
                        Vector256.Store(second, o + (s + 1) / 2);
                    }
                }
                // Past the image: odd[wo] = src[2·wo] always, even[wo] = src[2·wo − 1] when W is odd.
                o[wo] = 0;
                if (width % 2 == 1)
                    e[wo] = 0;
                continue;
            }
            for (; j < stride; j++)
            {
                o[j] = 2 * j < width ? x[2 * j] : 0;
                if (j + 1 < stride)
                    e[j + 1] = 2 * j + 1 < width ? x[2 * j + 1] : 0;
            }
        }
    }

    /// <summary>
    /// dst[y, x] = act(bias + Σ taps · w) over rows × count (dst rows contiguous). Weights are broadcast once per plane,
    /// not per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Plane9(in TapPlane t, float* w, float* dst, int rows, int count, float bias, Epilogue epilogue, bool simd)
    {
        nint ks = t.KernelRowStep;
        if (!simd)
        {
            for (int y = 0; y < rows; y++, dst += count)
            {
                float* l = t.Left + y * t.OutputRowStep, m = t.Mid + y * t.OutputRowStep, r = t.Right + y * t.OutputRowStep;
                for (int x = 0; x < count; x++)
                {
                    float sum = bias;
                    for (int ky = 0; ky < 3; ky++)
                        sum += l[x + ky * ks] * w[3 * ky] + m[x + ky * ks] * w[3 * ky + 1] + r[x + ky * ks] * w[3 * ky + 2];
                    dst[x] = epilogue.Apply(sum);
                }
            }
            return;
        }
        var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
        var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
        var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
        var vb = Vector256.Create(bias);
        float* lanes = stackalloc float[8];
        for (int y = 0; y < rows; y++, dst += count)
        {
            float* a0 = t.Left + y * t.OutputRowStep, a1 = t.Mid + y * t.OutputRowStep, a2 = t.Right + y * t.OutputRowStep;
            float* b0 = a0 + ks, b1 = a1 + ks, b2 = a2 + ks, c0 = b0 + ks, c1 = b1 + ks, c2 = b2 + ks;
            // The last vector may be partial: taps read into the plane's slack; only count − x lanes reach dst —
            // except that a write may spill whole into the following rows of dst, which are written after this one,
            // provided those rows reach past the vector's end (on tiny planes they do not).
            nint remaining = (nint)(rows - y) * count;
            for (int x = 0; x < count; x += 8)
            {
                bool whole = x + 8 <= count;
                bool spill = x + 8 <= remaining;
                // One partial sum per kernel row: three short FMA chains instead of one nine-deep dependency.
                var s0 = vb;
                var s1 = Vector256.Load(b0 + x) * w3;
                var s2 = Vector256.Load(c0 + x) * w6;
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + x), w0, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(b1 + x), w4, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Load(c1 + x), w7, s2);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + x), w1, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(b2 + x), w5, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Load(c2 + x), w8, s2);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + x), w2, s0);
                var acc = s0 + s1 + s2;
                acc = epilogue.Apply(acc);
                if (whole || spill)
                {
                    Vector256.Store(acc, dst + x);
                    continue;
                }
                Vector256.Store(acc, lanes);
                for (int i = 0; x + i < count; i++)
                    dst[x + i] = lanes[i];
            }
        }
    }

    /// <summary>
    /// dst[x] = w0·a[x] (+ w1·b[x] when b is not null, + w2·c[x] + w3·d[x] when c is not null), for x &lt; count
    /// rounded up to 8: dst needs that room and the sources <see cref="Slack"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Taps(bool simd, float* dst, int count, float* a, float w0, float* b = null, float w1 = 0, float* c = null, float w2 = 0, float* d = null, float w3 = 0)
    {
        bool two = b != null, four = c != null;
        int x = 0;
        if (simd)
        {
            var v0 = Vector256.Create(w0); var v1 = Vector256.Create(w1);
            var v2 = Vector256.Create(w2); var v3 = Vector256.Create(w3);
            // Whole vectors, the last one partial: dst and the sources are scratch rows with room to spare.
            for (; x < count; x += 8)
            {
                var acc = Vector256.Load(a + x) * v0;
                if (two)
                    acc = Vector256.FusedMultiplyAdd(Vector256.Load(b + x), v1, acc);
                if (four)
                {
                    acc = Vector256.FusedMultiplyAdd(Vector256.Load(c + x), v2, acc);
                    acc = Vector256.FusedMultiplyAdd(Vector256.Load(d + x), v3, acc);
                }
                Vector256.Store(acc, dst + x);
            }
        }
        for (; x < count; x++)
            dst[x] = a[x] * w0 + (two ? b[x] * w1 : 0f) + (four ? c[x] * w2 + d[x] * w3 : 0f);
    }

    /// <summary>
    /// Adds column-parity rows back into an image row: dst[2j] += odd[j], dst[2j+1] += even[j+1] (inverse of
    /// <see cref="Split"/>). With simd the last partial step is interleaved into <paramref name="merged"/> (16 floats;
    /// even and odd readable 8 past wo + 1) and only the values inside the row are added.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MergeAdd(float* even, float* odd, float* merged, float* dst, int width, bool simd)
    {
        int j = 0;
        if (simd)
        {
            for (; 2 * j + 16 <= width; j += 8)
            {
                var (lo, hi) = Interleave(Vector256.Load(odd + j), Vector256.Load(even + j + 1));
                Vector256.Store(Vector256.Load(dst + 2 * j) + lo, dst + 2 * j);
                Vector256.Store(Vector256.Load(dst + 2 * j + 8) + hi, dst + 2 * j + 8);
            }
            if (2 * j < width)
            {
                var (lo, hi) = Interleave(Vector256.Load(odd + j), Vector256.Load(even + j + 1));
                Vector256.Store(lo, merged);
                Vector256.Store(hi, merged + 8);
                for (int i = 0; 2 * j + i < width; i++)
                    dst[2 * j + i] += merged[i];
            }
            return;
        }
        for (; 2 * j < width; j++)
        {
            dst[2 * j] += odd[j];
            if (2 * j + 1 < width)
                dst[2 * j + 1] += even[j + 1];
        }
    }

    /// <summary>dw[3·ky + kx] += Σ_{y,x} g[y, x] · tap(ky, kx); db[0] += Σ g unless db is null. g is rows × count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightPlane(in TapPlane t, float* g, int rows, int count, float* dw, float* db, bool simd)
    {
        nint ks = t.KernelRowStep;
        if (!simd)
        {
            for (int y = 0; y < rows; y++, g += count)
            {
                float* l = t.Left + y * t.OutputRowStep, m = t.Mid + y * t.OutputRowStep, r = t.Right + y * t.OutputRowStep;
                for (int x = 0; x < count; x++)
                {
                    for (int ky = 0; ky < 3; ky++)
                    {
                        dw[3 * ky] += g[x] * l[x + ky * ks];
                        dw[3 * ky + 1] += g[x] * m[x + ky * ks];
                        dw[3 * ky + 2] += g[x] * r[x + ky * ks];
                    }
                    if (db != null)
                        *db += g[x];
                }
            }
            return;
        }
        var d0 = Vector256<float>.Zero; var d1 = d0; var d2 = d0; var d3 = d0; var d4 = d0;
        var d5 = d0; var d6 = d0; var d7 = d0; var d8 = d0; var d9 = d0;
        float* gTail = stackalloc float[8];
        for (int y = 0; y < rows; y++, g += count)
        {
            float* a0 = t.Left + y * t.OutputRowStep, a1 = t.Mid + y * t.OutputRowStep, a2 = t.Right + y * t.OutputRowStep;
            float* b0 = a0 + ks, b1 = a1 + ks, b2 = a2 + ks, c0 = b0 + ks, c1 = b1 + ks, c2 = b2 + ks;
            for (int x = 0; x < count; x += 8)
            {
                Vector256<float> gv;
                if (x + 8 <= count)
                {
                    gv = Vector256.Load(g + x);
                }
                else
                {
                    // g is caller memory, so its partial last vector is copied and zero-filled; the taps read into
                    // the plane's (finite) slack and meet those zeros.
                    for (int i = 0; i < 8; i++)
                        gTail[i] = x + i < count ? g[x + i] : 0f;
                    gv = Vector256.Load(gTail);
                }
                d0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + x), gv, d0);
                d1 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + x), gv, d1);
                d2 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + x), gv, d2);
                d3 = Vector256.FusedMultiplyAdd(Vector256.Load(b0 + x), gv, d3);
                d4 = Vector256.FusedMultiplyAdd(Vector256.Load(b1 + x), gv, d4);
                d5 = Vector256.FusedMultiplyAdd(Vector256.Load(b2 + x), gv, d5);
                d6 = Vector256.FusedMultiplyAdd(Vector256.Load(c0 + x), gv, d6);
                d7 = Vector256.FusedMultiplyAdd(Vector256.Load(c1 + x), gv, d7);
                d8 = Vector256.FusedMultiplyAdd(Vector256.Load(c2 + x), gv, d8);
                d9 += gv;
            }
        }
        dw[0] += Vector256.Sum(d0); dw[1] += Vector256.Sum(d1); dw[2] += Vector256.Sum(d2);
        dw[3] += Vector256.Sum(d3); dw[4] += Vector256.Sum(d4); dw[5] += Vector256.Sum(d5);
        dw[6] += Vector256.Sum(d6); dw[7] += Vector256.Sum(d7); dw[8] += Vector256.Sum(d8);
        if (db != null)
            *db += Vector256.Sum(d9);
    }

    /// <summary>Splits 16 consecutive values a ‖ b into their even- and odd-indexed elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> a, Vector256<float> b)
    {
        var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var sa = Vector256.Shuffle(a, order);
        var sb = Vector256.Shuffle(b, order);
        return (Vector256.Create(sa.GetLower(), sb.GetLower()), Vector256.Create(sa.GetUpper(), sb.GetUpper()));
    }

    /// <summary>Interleaves a and b (a0 b0 a1 b1 …) into 16 values returned as two vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Low, Vector256<float> High) Interleave(Vector256<float> a, Vector256<float> b)
    {
        var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        return (Vector256.Shuffle(Vector256.Create(a.GetLower(), b.GetLower()), order),
                Vector256.Shuffle(Vector256.Create(a.GetUpper(), b.GetUpper()), order));
    }
}
