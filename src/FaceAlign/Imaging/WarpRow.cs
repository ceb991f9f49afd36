using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FaceAlign.Geometry;

namespace FaceAlign.Imaging;

/// <summary>
/// The inverse-mapping half of an affine warp, one destination row at a time: for each destination pixel the source
/// tap position (x0, y0), the bilinear fractions (fx, fy) and — when all four taps are safely inside the source — the
/// byte offset of the top-left tap (−1 marks pixels that need the border rule). Pooled buffers, returned on Dispose.
/// Sampling lives in <see cref="WarpSampler"/>.
/// </summary>
/// <remarks>
/// Convention: destination pixel (u, v) has its centre at (u + ½, v + ½); the inverse transform maps that centre to a
/// source point p, and the sample is taken at index position p − ½ (source pixel i's centre sits at i + ½). With that,
/// the identity and integer translations reproduce pixels exactly.
/// </remarks>
internal sealed class WarpRow : IDisposable
{
    private readonly int[] _ints;      // Offsets | X0 | Y0, Width each
    private readonly float[] _floats;  // Fx | Fy, Width each
    private readonly Image _source;
    private readonly AffineTransform _inverse;
    private readonly int _maxFastOffset;

    public WarpRow(Image source, AffineTransform inverse, int width)
    {
        Width = width;
        _ints = ArrayPool<int>.Shared.Rent(3 * width);
        _floats = ArrayPool<float>.Shared.Rent(2 * width);
        _source = source;
        _inverse = inverse;
        int ch = source.Channels;
        // The vector samplers read 8 bytes from each tap row (two RGBA pixels, or two RGB pixels plus 2 bytes beyond),
        // so only offsets whose reads stay inside the buffer take the fast path; the rest use the border sampler.
        int rowRead = ch == 1 ? 2 : 8;
        _maxFastOffset = source.Pixels.Length - source.Stride - rowRead;
    }

    public int Width { get; }
    public Span<int> Offsets => _ints.AsSpan(0, Width);
    public Span<int> X0 => _ints.AsSpan(Width, Width);
    public Span<int> Y0 => _ints.AsSpan(2 * Width, Width);
    public Span<float> Fx => _floats.AsSpan(0, Width);
    public Span<float> Fy => _floats.AsSpan(Width, Width);

    /// <summary>Fills the buffers for destination row <paramref name="v"/>.</summary>
    public void Map(int v)
    {
        // Row start and per-pixel step of the source index position (u + ½, v + ½) ↦ inverse − ½.
        // Positions are computed as start + step·u (not accumulated) so error does not grow along the row.
        double yc = v + 0.5;
        float sx0 = (float)(_inverse.M00 * 0.5 + _inverse.M01 * yc + _inverse.M02 - 0.5);
        float sy0 = (float)(_inverse.M10 * 0.5 + _inverse.M11 * yc + _inverse.M12 - 0.5);
        float ax = (float)_inverse.M00, ay = (float)_inverse.M10;
        int u = 0;
        if (Vector256.IsHardwareAccelerated)
            u = MapVector256(sx0, sy0, ax, ay);
        for (; u < Width; u++)
            MapOne(u, sx0 + ax * u, sy0 + ay * u);
    }

    private void MapOne(int u, float sx, float sy)
    {
        int w = _source.Width, h = _source.Height;
        // Clamping to [−2, size + 1] keeps far-away (or huge) positions convertible to int without changing the
        // result: there every tap is outside, and the border rule ignores the fractions.
        sx = Math.Min(Math.Max(sx, -2f), w + 1f);
        sy = Math.Min(Math.Max(sy, -2f), h + 1f);
        float fx0 = MathF.Floor(sx), fy0 = MathF.Floor(sy);
        int x0 = (int)fx0, y0 = (int)fy0;
        int offset = y0 * _source.Stride + x0 * _source.Channels;
        bool inside = x0 >= 0 && x0 <= w - 2 && y0 >= 0 && y0 <= h - 2 && offset <= _maxFastOffset;
        // Direct array stores (layout: see the field comments); this is the whole row's work without SIMD.
        _ints[u] = inside ? offset : -1;
        _ints[Width + u] = x0;
        _ints[2 * Width + u] = y0;
        _floats[u] = sx - fx0;
        _floats[Width + u] = sy - fy0;
    }

    private int MapVector256(float sx0, float sy0, float ax, float ay)
    {
        int w = _source.Width, h = _source.Height;
        var lane = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
        var lo = Vector256.Create(-2f);
        var hiX = Vector256.Create(w + 1f);
        var hiY = Vector256.Create(h + 1f);
        var maxX = Vector256.Create(w - 2f);
        var maxY = Vector256.Create(h - 2f);
        var stride = Vector256.Create(_source.Stride);
        var channels = Vector256.Create(_source.Channels);
        var maxFast = Vector256.Create(_maxFastOffset);
        ref int offsets = ref MemoryMarshal.GetReference(Offsets);
        ref int xs = ref MemoryMarshal.GetReference(X0);
        ref int ys = ref MemoryMarshal.GetReference(Y0);
        ref float fxs = ref MemoryMarshal.GetReference(Fx);
        ref float fys = ref MemoryMarshal.GetReference(Fy);
        int u = 0;
        for (; u <= Width - Vector256<float>.Count; u += Vector256<float>.Count)
        {
            var uf = Vector256.Create((float)u) + lane;
            // Same operations, in the same order, as MapOne: vector and scalar lanes give identical taps.
            var sx = Vector256.Create(sx0) + Vector256.Create(ax) * uf;
            var sy = Vector256.Create(sy0) + Vector256.Create(ay) * uf;
            // Native min/max/convert: the operands are never NaN and always in int range, so the IEEE/saturating
            // variants' extra instructions buy nothing here.
            sx = Vector256.MinNative(Vector256.MaxNative(sx, lo), hiX);
            sy = Vector256.MinNative(Vector256.MaxNative(sy, lo), hiY);
            var fx0 = Vector256.Floor(sx);
            var fy0 = Vector256.Floor(sy);
            var x0 = Vector256.ConvertToInt32Native(fx0);
            var y0 = Vector256.ConvertToInt32Native(fy0);
            var offset = y0 * stride + x0 * channels;
            var inside = (Vector256.GreaterThanOrEqual(fx0, Vector256<float>.Zero) & Vector256.LessThanOrEqual(fx0, maxX)
                & Vector256.GreaterThanOrEqual(fy0, Vector256<float>.Zero) & Vector256.LessThanOrEqual(fy0, maxY)).AsInt32()
                & Vector256.LessThanOrEqual(offset, maxFast);
            Vector256.ConditionalSelect(inside, offset, Vector256.Create(-1)).StoreUnsafe(ref offsets, (nuint)u);
            x0.StoreUnsafe(ref xs, (nuint)u);
            y0.StoreUnsafe(ref ys, (nuint)u);
            (sx - fx0).StoreUnsafe(ref fxs, (nuint)u);
            (sy - fy0).StoreUnsafe(ref fys, (nuint)u);
        }
        return u;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_ints);
        ArrayPool<float>.Shared.Return(_floats);
    }
}
