using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

/// <summary>
/// Row-level pieces of <see cref="DepthwiseConv3x3"/>. Each channel is first copied into a zero-padded plane
/// (stride 1) or split into even/odd-column padded planes (stride 2), so every 3×3 tap becomes a plain shifted,
/// contiguous row and the SIMD loops need no border cases — only a scalar tail at the row's end.
/// </summary>
internal static unsafe class DepthwiseRows
{
    /// <summary>
    /// Zeros kept after every prepared plane: a row's last, partial vector reads up to 7 values past the row, and
    /// past the plane's end for its last row; the extra lanes are discarded (or multiplied by 0, so must be finite).
    /// </summary>
    public const int Slack = 16;

    /// <summary>The three taps (kx = 0, 1, 2) of one kernel row: value at output column x is Left[x], Mid[x], Right[x].</summary>
    public readonly struct TapRow(float* left, float* mid, float* right)
    {
        public readonly float* Left = left, Mid = mid, Right = right;

        /// <summary>Stride 1 over a padded row P: input column x − 1 + kx is P[x + kx].</summary>
        public static TapRow Dense(float* paddedRow) => new(paddedRow, paddedRow + 1, paddedRow + 2);

        /// <summary>Stride 2 over split rows: input column 2x − 1 + kx is E[x], O[x], E[x + 1] (see <see cref="Split"/>).</summary>
        public static TapRow Strided(float* evenRow, float* oddRow) => new(evenRow, oddRow, evenRow + 1);
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
    public static void Split(float* src, int height, int width, float* even, float* odd)
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
            if (Vector256.IsHardwareAccelerated)
            {
                for (; 2 * j + 16 <= width; j += 8)
                {
                    var (evens, odds) = Deinterleave(Vector256.Load(x + 2 * j), Vector256.Load(x + 2 * j + 8));
                    Vector256.Store(evens, o + j);
                    Vector256.Store(odds, e + j + 1);
                }
            }
            for (; j < stride; j++)
            {
                o[j] = 2 * j < width ? x[2 * j] : 0;
                if (j + 1 < stride)
                    e[j + 1] = 2 * j + 1 < width ? x[2 * j + 1] : 0;
            }
        }
    }

    /// <summary>dst[x] = act(bias + Σ taps · w) for x &lt; count, or dst[x] += Σ taps · w when accumulating (bias, act ignored).</summary>
    public static void Row9(in TapRow r0, in TapRow r1, in TapRow r2, float* w, float* dst, int count,
        float bias, bool accumulate, Activation activation)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var w0 = Vector256.Create(w[0]); var w1 = Vector256.Create(w[1]); var w2 = Vector256.Create(w[2]);
            var w3 = Vector256.Create(w[3]); var w4 = Vector256.Create(w[4]); var w5 = Vector256.Create(w[5]);
            var w6 = Vector256.Create(w[6]); var w7 = Vector256.Create(w[7]); var w8 = Vector256.Create(w[8]);
            var vb = Vector256.Create(bias);
            var six = Vector256.Create(6f);
            for (; x + 8 <= count; x += 8)
            {
                var acc = accumulate ? Vector256.Load(dst + x) : vb;
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Left + x), w0, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Mid + x), w1, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Right + x), w2, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Left + x), w3, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Mid + x), w4, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Right + x), w5, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Left + x), w6, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Mid + x), w7, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Right + x), w8, acc);
                if (activation != Activation.None)
                    acc = Vector256.MaxNative(acc, Vector256<float>.Zero);
                if (activation == Activation.Relu6)
                    acc = Vector256.MinNative(acc, six);
                Vector256.Store(acc, dst + x);
            }
            if (x < count)
            {
                // The partial last vector: taps read into the plane's slack; only count − x lanes reach dst.
                var acc = accumulate ? Vector256<float>.Zero : vb;
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Left + x), w0, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Mid + x), w1, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Right + x), w2, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Left + x), w3, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Mid + x), w4, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Right + x), w5, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Left + x), w6, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Mid + x), w7, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Right + x), w8, acc);
                if (activation != Activation.None)
                    acc = Vector256.MaxNative(acc, Vector256<float>.Zero);
                if (activation == Activation.Relu6)
                    acc = Vector256.MinNative(acc, six);
                float* lanes = stackalloc float[8];
                Vector256.Store(acc, lanes);
                for (int i = 0; x + i < count; i++)
                    dst[x + i] = accumulate ? dst[x + i] + lanes[i] : lanes[i];
                return;
            }
        }
        for (; x < count; x++)
        {
            float sum = accumulate ? dst[x] : bias;
            sum += r0.Left[x] * w[0] + r0.Mid[x] * w[1] + r0.Right[x] * w[2]
                 + r1.Left[x] * w[3] + r1.Mid[x] * w[4] + r1.Right[x] * w[5]
                 + r2.Left[x] * w[6] + r2.Mid[x] * w[7] + r2.Right[x] * w[8];
            dst[x] = activation switch
            {
                Activation.Relu => Math.Max(sum, 0f),
                Activation.Relu6 => Math.Clamp(sum, 0f, 6f),
                _ => sum,
            };
        }
    }

    /// <summary>
    /// dst[x] = w0·a[x] + w1·b[x] (+ w2·c[x] + w3·d[x] when c is not null), for x &lt; count rounded up to 8:
    /// dst needs that room and the sources <see cref="Slack"/>.
    /// </summary>
    public static void Taps(float* dst, int count, float* a, float w0, float* b, float w1, float* c = null, float w2 = 0, float* d = null, float w3 = 0)
    {
        bool four = c != null;
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v0 = Vector256.Create(w0); var v1 = Vector256.Create(w1);
            var v2 = Vector256.Create(w2); var v3 = Vector256.Create(w3);
            // Whole vectors, the last one partial: dst and the sources are scratch rows with room to spare.
            for (; x < count; x += 8)
            {
                var acc = Vector256.Load(a + x) * v0;
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
            dst[x] = a[x] * w0 + b[x] * w1 + (four ? c[x] * w2 + d[x] * w3 : 0f);
    }

    /// <summary>Adds column-parity rows back into an image row: dst[2j] += odd[j], dst[2j+1] += even[j+1] (inverse of <see cref="Split"/>).</summary>
    public static void MergeAdd(float* even, float* odd, float* dst, int width)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; 2 * j + 16 <= width; j += 8)
            {
                var (lo, hi) = Interleave(Vector256.Load(odd + j), Vector256.Load(even + j + 1));
                Vector256.Store(Vector256.Load(dst + 2 * j) + lo, dst + 2 * j);
                Vector256.Store(Vector256.Load(dst + 2 * j + 8) + hi, dst + 2 * j + 8);
            }
        }
        for (; 2 * j < width; j++)
        {
            dst[2 * j] += odd[j];
            if (2 * j + 1 < width)
                dst[2 * j + 1] += even[j + 1];
        }
    }

    /// <summary>acc[kx + 3·ky] += Σₓ g[x] · tap(ky, kx)[x] over one output row; acc[9] += Σₓ g[x] (the bias gradient).</summary>
    public static void WeightRow(in TapRow r0, in TapRow r1, in TapRow r2, float* g, int count, Vector256<float>* acc, float* tail)
    {
        int x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a0 = acc[0]; var a1 = acc[1]; var a2 = acc[2]; var a3 = acc[3]; var a4 = acc[4];
            var a5 = acc[5]; var a6 = acc[6]; var a7 = acc[7]; var a8 = acc[8]; var a9 = acc[9];
            for (; x + 8 <= count; x += 8)
            {
                var gv = Vector256.Load(g + x);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Left + x), gv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Mid + x), gv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Right + x), gv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Left + x), gv, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Mid + x), gv, a4);
                a5 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Right + x), gv, a5);
                a6 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Left + x), gv, a6);
                a7 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Mid + x), gv, a7);
                a8 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Right + x), gv, a8);
                a9 += gv;
            }
            if (x < count)
            {
                // The partial last vector: g is caller memory, so its tail is copied and zero-filled; the taps read
                // into the plane's (finite) slack and meet those zeros.
                float* gt = stackalloc float[8];
                for (int i = 0; i < 8; i++)
                    gt[i] = x + i < count ? g[x + i] : 0f;
                var gv = Vector256.Load(gt);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Left + x), gv, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Mid + x), gv, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(r0.Right + x), gv, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Left + x), gv, a3);
                a4 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Mid + x), gv, a4);
                a5 = Vector256.FusedMultiplyAdd(Vector256.Load(r1.Right + x), gv, a5);
                a6 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Left + x), gv, a6);
                a7 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Mid + x), gv, a7);
                a8 = Vector256.FusedMultiplyAdd(Vector256.Load(r2.Right + x), gv, a8);
                a9 += gv;
                x = count;
            }
            acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4;
            acc[5] = a5; acc[6] = a6; acc[7] = a7; acc[8] = a8; acc[9] = a9;
        }
        for (; x < count; x++)
        {
            float gx = g[x];
            tail[0] += r0.Left[x] * gx; tail[1] += r0.Mid[x] * gx; tail[2] += r0.Right[x] * gx;
            tail[3] += r1.Left[x] * gx; tail[4] += r1.Mid[x] * gx; tail[5] += r1.Right[x] * gx;
            tail[6] += r2.Left[x] * gx; tail[7] += r2.Mid[x] * gx; tail[8] += r2.Right[x] * gx;
            tail[9] += gx;
        }
    }

    /// <summary>Splits 16 consecutive values a ‖ b into their even- and odd-indexed elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(Vector256<float> a, Vector256<float> b)
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
