// Winograd3x3's per-tile transforms 8 tiles at a time. The tiles of a tile row are consecutive in V, M and dM, so one
// Vector256 holds the same position ξ of 8 neighbouring tiles and each transform is the scalar one written on
// vectors. Patch columns 2tx and 2tx + 2 are two floats apart in the image; the input is therefore first split into
// even and odd padded columns (an AVX shuffle per 16 floats), after which they are lanes tx and tx + 1 of one row.
// Outputs are interleaved back into columns the same way, and output gradients split. Partial chunks (7 tiles of a
// 14×14 plane) load and store through lane masks, so nothing past a plane or a row of V/M is touched.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

internal static unsafe partial class Winograd3x3
{
    /// <summary>Row stride of the split planes: room for a whole 8-float store past the last column.</summary>
    private static int SplitStride(int w) => ((Tiles(w) + 1 + 7) & ~7) + 8;

    /// <summary>Floats of the even and odd split planes of one padded channel.</summary>
    private static int SplitLength(int h, int w) => 2 * (2 * Tiles(h) + 2) * SplitStride(w);

    /// <summary>The lanes of a tile row's last 8-tile chunk that hold tiles (7 of 8 for a 14-px plane).</summary>
    private static Vector256<float> LastChunkMask(int tilesW) => LaneMask(tilesW - (tilesW - 1) / 8 * 8);

    private static Vector256<float> LaneMask(int lanes) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputTransformVector256(ReadOnlySpan<float> image, int channels, int h, int w, Span<float> v, int ldv, int firstTile, Span<float> scratch)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), plane = h * w, ls = SplitStride(w), rows = 2 * tilesH + 2;
        nint xiStride = (nint)channels * ldv;
        var tail = LastChunkMask(tilesW);
        // Rows outside the image, column −1 and columns past it stay zero for every channel: cleared once here; the
        // split below rewrites only the image's own positions (its masked loads give zeros past column w − 1).
        scratch[..(SplitLength(h, w) + 16)].Clear();
        fixed (float* xs = image, vs = v, sc = scratch)
        {
            float* even = sc, odd = sc + rows * ls;
            for (int c = 0; c < channels; c++)
            {
                SplitColumns(xs + (nint)c * plane, h, w, even, odd, ls);
                for (int ty = 0; ty < tilesH; ty++)
                {
                    float* e = even + 2 * ty * ls, o = odd + 2 * ty * ls;
                    float* dst = vs + (nint)c * ldv + firstTile + ty * tilesW;
                    for (int tx = 0; tx < tilesW; tx += 8)
                    {
                        bool partial = tx + 8 > tilesW;
                        // Bᵀ over the patch's four rows, for columns 2tx (E), 2tx + 2 (En), 2tx + 1 (O), 2tx + 3 (On).
                        RowsBT(e + tx, ls, out var e0, out var e1, out var e2, out var e3);
                        RowsBT(e + tx + 1, ls, out var n0, out var n1, out var n2, out var n3);
                        RowsBT(o + tx, ls, out var o0, out var o1, out var o2, out var o3);
                        RowsBT(o + tx + 1, ls, out var p0, out var p1, out var p2, out var p3);
                        float* d = dst + tx;
                        ColumnsB(e0, n0, o0, p0, d, xiStride, 0, partial, tail);
                        ColumnsB(e1, n1, o1, p1, d, xiStride, 4, partial, tail);
                        ColumnsB(e2, n2, o2, p2, d, xiStride, 8, partial, tail);
                        ColumnsB(e3, n3, o3, p3, d, xiStride, 12, partial, tail);
                    }
                }
            }
        }
    }

    // Padded row r + 1 (image row r) → even[k] = column 2k − 1, odd[k] = column 2k, 16 image columns per step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitColumns(float* plane, int h, int w, float* even, float* odd, int ls)
    {
        for (int r = 0; r < h; r++)
        {
            float* src = plane + (nint)r * w, e = even + (r + 1) * ls + 1, o = odd + (r + 1) * ls;
            for (int c0 = 0; c0 < w; c0 += 16)
            {
                var lo = Avx.MaskLoad(src + c0, LaneMask(w - c0));
                var hi = Avx.MaskLoad(src + c0 + 8, LaneMask(w - c0 - 8));
                Avx.Store(o + c0 / 2, Evens(lo, hi));
                Avx.Store(e + c0 / 2, Odds(lo, hi));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Evens(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0x88).AsDouble(), 0xD8).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Odds(Vector256<float> lo, Vector256<float> hi) =>
        Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0xDD).AsDouble(), 0xD8).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowsBT(float* p, int ls, out Vector256<float> s0, out Vector256<float> s1, out Vector256<float> s2, out Vector256<float> s3)
    {
        var r0 = Avx.LoadVector256(p);
        var r1 = Avx.LoadVector256(p + ls);
        var r2 = Avx.LoadVector256(p + 2 * ls);
        var r3 = Avx.LoadVector256(p + 3 * ls);
        s0 = r0 - r2;
        s1 = r1 + r2;
        s2 = r2 - r1;
        s3 = r1 - r3;
    }

    // Row i of Bᵀ d B from that row's values at columns 2tx (e), 2tx + 2 (n), 2tx + 1 (o), 2tx + 3 (p).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnsB(Vector256<float> e, Vector256<float> n, Vector256<float> o, Vector256<float> p, float* d, nint xiStride, int xi,
        bool partial, Vector256<float> tail)
    {
        Store(d + xi * xiStride, e - n, partial, tail);
        Store(d + (xi + 1) * xiStride, o + n, partial, tail);
        Store(d + (xi + 2) * xiStride, n - o, partial, tail);
        Store(d + (xi + 3) * xiStride, o - p, partial, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputTransformVector256(ReadOnlySpan<float> m, int ldm, int firstTile, int channels, int h, int w, ReadOnlySpan<float> bias,
        Epilogue epilogue, bool accumulate, Span<float> y)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), plane = h * w;
        nint xiStride = (nint)channels * ldm;
        var tail = LastChunkMask(tilesW);
        fixed (float* ms = m, ys = y, bs = bias)
        {
            for (int c = 0; c < channels; c++)
            {
                var b = Vector256.Create(bias.IsEmpty ? 0f : bs[c]);
                for (int ty = 0; ty < tilesH; ty++)
                {
                    float* src = ms + (nint)c * ldm + firstTile + ty * tilesW;
                    float* row0 = ys + (nint)c * plane + 2 * ty * w;
                    bool secondRow = 2 * ty + 1 < h;
                    for (int tx = 0; tx < tilesW; tx += 8)
                    {
                        bool partial = tx + 8 > tilesW;
                        float* s = src + tx;
                        // Aᵀ over rows: r0_j = m_j + m_4+j + m_8+j, r1_j = m_4+j − m_8+j − m_12+j; then over columns.
                        RowsAT(s, xiStride, 0, partial, tail, out var a0, out var c0);
                        RowsAT(s, xiStride, 1, partial, tail, out var a1, out var c1);
                        RowsAT(s, xiStride, 2, partial, tail, out var a2, out var c2);
                        RowsAT(s, xiStride, 3, partial, tail, out var a3, out var c3);
                        int valid = Math.Min(16, w - 2 * tx);
                        StoreOutputRow(row0 + 2 * tx, a0 + a1 + a2 + b, a1 - a2 - a3 + b, valid, epilogue, accumulate);
                        if (secondRow)
                            StoreOutputRow(row0 + w + 2 * tx, c0 + c1 + c2 + b, c1 - c2 - c3 + b, valid, epilogue, accumulate);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowsAT(float* s, nint xiStride, int j, bool partial, Vector256<float> tail, out Vector256<float> r0, out Vector256<float> r1)
    {
        var m0 = Load(s + j * xiStride, partial, tail);
        var m1 = Load(s + (4 + j) * xiStride, partial, tail);
        var m2 = Load(s + (8 + j) * xiStride, partial, tail);
        var m3 = Load(s + (12 + j) * xiStride, partial, tail);
        r0 = m0 + m1 + m2;
        r1 = m1 - m2 - m3;
    }

    // Output columns 2tx (left) and 2tx + 1 (right) of 8 tiles, interleaved into 16 consecutive floats of which the
    // first `valid` are inside the plane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOutputRow(float* dst, Vector256<float> left, Vector256<float> right, int valid, Epilogue epilogue, bool accumulate)
    {
        var lo = Avx.UnpackLow(left, right);
        var hi = Avx.UnpackHigh(left, right);
        var first = Avx.Permute2x128(lo, hi, 0x20);
        var second = Avx.Permute2x128(lo, hi, 0x31);
        var firstMask = LaneMask(valid);
        var secondMask = LaneMask(valid - 8);
        if (accumulate)
        {
            first += Avx.MaskLoad(dst, firstMask);
            second += Avx.MaskLoad(dst + 8, secondMask);
        }
        else
        {
            first = epilogue.Apply(first);
            second = epilogue.Apply(second);
        }
        Avx.MaskStore(dst, firstMask, first);
        if (valid > 8)
            Avx.MaskStore(dst + 8, secondMask, second);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputGradientTransformVector256(ReadOnlySpan<float> dY, int channels, int h, int w, Span<float> dm, int ldm, int firstTile)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), plane = h * w;
        nint xiStride = (nint)channels * ldm;
        var tail = LastChunkMask(tilesW);
        fixed (float* dys = dY, dms = dm)
        {
            for (int c = 0; c < channels; c++)
                for (int ty = 0; ty < tilesH; ty++)
                {
                    float* row0 = dys + (nint)c * plane + 2 * ty * w;
                    bool secondRow = 2 * ty + 1 < h;
                    float* dst = dms + (nint)c * ldm + firstTile + ty * tilesW;
                    for (int tx = 0; tx < tilesW; tx += 8)
                    {
                        bool partial = tx + 8 > tilesW;
                        int valid = Math.Min(16, w - 2 * tx);
                        SplitOutputRow(row0 + 2 * tx, valid, out var y00, out var y01);
                        Vector256<float> y10 = default, y11 = default;
                        if (secondRow)
                            SplitOutputRow(row0 + w + 2 * tx, valid, out y10, out y11);
                        // A dY Aᵀ: rows e = (y0, y0 + y1, y0 − y1, −y1) for each column, then the same over columns.
                        float* d = dst + tx;
                        ColumnsA(y00, y01, d, xiStride, 0, partial, tail);
                        ColumnsA(y00 + y10, y01 + y11, d, xiStride, 4, partial, tail);
                        ColumnsA(y00 - y10, y01 - y11, d, xiStride, 8, partial, tail);
                        ColumnsA(-y10, -y11, d, xiStride, 12, partial, tail);
                    }
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitOutputRow(float* src, int valid, out Vector256<float> left, out Vector256<float> right)
    {
        var lo = Avx.MaskLoad(src, LaneMask(valid));
        var hi = Avx.MaskLoad(src + 8, LaneMask(valid - 8));
        left = Evens(lo, hi);
        right = Odds(lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnsA(Vector256<float> e0, Vector256<float> e1, float* d, nint xiStride, int xi, bool partial, Vector256<float> tail)
    {
        Store(d + xi * xiStride, e0, partial, tail);
        Store(d + (xi + 1) * xiStride, e0 + e1, partial, tail);
        Store(d + (xi + 2) * xiStride, e0 - e1, partial, tail);
        Store(d + (xi + 3) * xiStride, -e1, partial, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(float* p, bool partial, Vector256<float> mask) =>
        partial ? Avx.MaskLoad(p, mask) : Avx.LoadVector256(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* p, Vector256<float> value, bool partial, Vector256<float> mask)
    {
        if (partial)
            Avx.MaskStore(p, mask, value);
        else
            Avx.Store(p, value);
    }
}
