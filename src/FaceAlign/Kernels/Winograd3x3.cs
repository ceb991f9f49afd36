// Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, 2016) for 3×3 convolutions with stride 1 and padding 1:
// each 2×2 output tile comes from a 4×4 input patch as Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A. Summed over input channels the
// elementwise product becomes 16 matrix products, one per position ξ of the 4×4 transformed tile,
// M_ξ (Cout × tiles) = U_ξ (Cout × Cin) · V_ξ (Cin × tiles): 16 multiply-adds per tile and channel pair where the
// direct convolution needs 36, so 2.25× fewer FLOPs for the products, which are most of the work once Cin and Cout
// are a few dozen. This file holds the transforms; Functional.Conv2dWinograd.cs drives them around ConvGemm.
//
// Layouts, with T the tiles of a group of images side by side (tile t = image·tilesPerImage + ty·tilesW + tx):
//   V[ξ][c][t] input transform (Cin rows), M[ξ][o][t] product (Cout rows), both row stride T;
//   U[ξ][o][c] weight transform (the product's left operand).
// The backward passes reuse them: the input gradient is this forward on dY with every kernel rotated by 180° and
// the channel roles swapped (WeightTransform's rotated mode); the weight gradient goes through the transposed
// products dUᵀ_ξ (Cin × Cout) = V_ξ · dMᵀ_ξ with dM = A dY Aᵀ per tile (OutputGradientTransform, in M's layout; the
// caller transposes it) and dg = Gᵀ dU G (WeightGradient). Each is the exact chain rule through the linear maps above.
// The three per-tile transforms have a Vector256 path (Winograd3x3.Vector256.cs, 8 tiles of a tile row at a time)
// and the scalar one here, which tests compare it with.
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

internal static partial class Winograd3x3
{
    /// <summary>Positions of the transformed 4×4 tile: one matrix product each.</summary>
    public const int Positions = 16;

    /// <summary>Tiles along one axis of an output of this length (2 outputs per tile, the last possibly cut).</summary>
    public static int Tiles(int outLength) => (outLength + 1) / 2;

    /// <summary>Tiles of an h × w output plane (stride 1 and padding 1: the input's size).</summary>
    public static int PlaneTiles(int h, int w) => Tiles(h) * Tiles(w);

    /// <summary>
    /// u (16, rows, cols) from weight (Cout, Cin, 3, 3): plain, u[ξ][o][c] = (G w[o][c] Gᵀ)[ξ] with rows = Cout and cols
    /// = Cin; rotated, u[ξ][c][o] = (G rot180(w[o][c]) Gᵀ)[ξ] with rows = Cin and cols = Cout (the input gradient's
    /// kernel).
    /// </summary>
    public static void WeightTransform(ReadOnlySpan<float> weight, int cout, int cin, bool rotated, Span<float> u)
    {
        int pairs = cout * cin;
        Check(weight.Length >= pairs * 9 && u.Length >= Positions * pairs, "WeightTransform", weight.Length, u.Length);
        Span<float> g = stackalloc float[9];
        Span<float> r = stackalloc float[12];
        Span<float> t = stackalloc float[16];
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
            {
                var w = weight.Slice((o * cin + c) * 9, 9);
                for (int i = 0; i < 9; i++) g[i] = rotated ? w[8 - i] : w[i];
                // G g Gᵀ with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]: rows first (4×3), then columns (4×4).
                for (int j = 0; j < 3; j++)
                {
                    float g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
                    r[j] = g0;
                    r[3 + j] = 0.5f * (g0 + g1 + g2);
                    r[6 + j] = 0.5f * (g0 - g1 + g2);
                    r[9 + j] = g2;
                }
                for (int i = 0; i < 4; i++)
                {
                    float r0 = r[i * 3], r1 = r[i * 3 + 1], r2 = r[i * 3 + 2];
                    t[i * 4] = r0;
                    t[i * 4 + 1] = 0.5f * (r0 + r1 + r2);
                    t[i * 4 + 2] = 0.5f * (r0 - r1 + r2);
                    t[i * 4 + 3] = r2;
                }
                int offset = rotated ? c * cout + o : o * cin + c;
                for (int xi = 0; xi < Positions; xi++) u[xi * pairs + offset] = t[xi];
            }
    }

    /// <summary>
    /// v[ξ][c][firstTile + t] = (Bᵀ d B)[ξ] for each 4×4 patch d of one image's planes (C, H, W), padding 1, tiles of
    /// the H × W output (stride 1 keeps the size). <paramref name="padded"/> is scratch of at least
    /// <see cref="PaddedLength"/>(H, W) floats; rows of v are <paramref name="ldv"/> apart.
    /// </summary>
    public static void InputTransform(ReadOnlySpan<float> image, int channels, int h, int w, Span<float> v, int ldv, int firstTile, Span<float> padded) =>
        InputTransform(image, channels, h, w, v, ldv, firstTile, padded, VectorsSupported);

    /// <summary><paramref name="vector"/>: false runs the scalar loop (tests compare the two).</summary>
    internal static void InputTransform(ReadOnlySpan<float> image, int channels, int h, int w, Span<float> v, int ldv, int firstTile, Span<float> padded,
        bool vector)
    {
        int tiles = PlaneTiles(h, w);
        Check(image.Length >= channels * h * w && padded.Length >= PaddedLength(h, w) && firstTile + tiles <= ldv
            && v.Length >= (Positions - 1) * channels * ldv + (channels - 1) * ldv + firstTile + tiles, "InputTransform", image.Length, v.Length);
        if (vector && VectorsSupported)
            InputTransformVector256(image, channels, h, w, v, ldv, firstTile, padded);
        else
            InputTransformScalar(image, channels, h, w, v, ldv, firstTile, padded);
    }

    private static void InputTransformScalar(ReadOnlySpan<float> image, int channels, int h, int w, Span<float> v, int ldv, int firstTile, Span<float> padded)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), pw = 2 * tilesW + 2, plane = h * w;
        int xiStride = channels * ldv;
        padded = padded[..((2 * tilesH + 2) * pw)];
        Span<float> s = stackalloc float[16];
        for (int c = 0; c < channels; c++)
        {
            Pad(image.Slice(c * plane, plane), h, w, padded, pw);
            for (int ty = 0; ty < tilesH; ty++)
                for (int tx = 0; tx < tilesW; tx++)
                {
                    var d = padded.Slice(2 * ty * pw + 2 * tx);
                    // Bᵀ d B with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]: columns of d first, then rows.
                    for (int j = 0; j < 4; j++)
                    {
                        float d0 = d[j], d1 = d[pw + j], d2 = d[2 * pw + j], d3 = d[3 * pw + j];
                        s[j] = d0 - d2;
                        s[4 + j] = d1 + d2;
                        s[8 + j] = d2 - d1;
                        s[12 + j] = d1 - d3;
                    }
                    int at = c * ldv + firstTile + ty * tilesW + tx;
                    for (int i = 0; i < 4; i++)
                    {
                        float s0 = s[i * 4], s1 = s[i * 4 + 1], s2 = s[i * 4 + 2], s3 = s[i * 4 + 3];
                        v[(i * 4) * xiStride + at] = s0 - s2;
                        v[(i * 4 + 1) * xiStride + at] = s1 + s2;
                        v[(i * 4 + 2) * xiStride + at] = s2 - s1;
                        v[(i * 4 + 3) * xiStride + at] = s1 - s3;
                    }
                }
        }
    }

    /// <summary>
    /// One image's output planes (C, H, W) from m[ξ][c][firstTile + t]: y = epilogue(Aᵀ M A + bias[c]) with Aᵀ =
    /// [1 1 1 0; 0 1 −1 −1], cut at the plane's edge; added to y's values instead when <paramref name="accumulate"/>
    /// (then bias must be empty and the epilogue none).
    /// </summary>
    public static void OutputTransform(ReadOnlySpan<float> m, int ldm, int firstTile, int channels, int h, int w, ReadOnlySpan<float> bias,
        Epilogue epilogue, bool accumulate, Span<float> y) =>
        OutputTransform(m, ldm, firstTile, channels, h, w, bias, epilogue, accumulate, y, VectorsSupported);

    internal static void OutputTransform(ReadOnlySpan<float> m, int ldm, int firstTile, int channels, int h, int w, ReadOnlySpan<float> bias,
        Epilogue epilogue, bool accumulate, Span<float> y, bool vector)
    {
        int tiles = PlaneTiles(h, w);
        Check(y.Length >= channels * h * w && firstTile + tiles <= ldm && (bias.IsEmpty || bias.Length >= channels)
            && m.Length >= (Positions - 1) * channels * ldm + (channels - 1) * ldm + firstTile + tiles, "OutputTransform", m.Length, y.Length);
        if (accumulate && (!bias.IsEmpty || !epilogue.IsIdentity))
            throw new ArgumentException("Winograd3x3.OutputTransform: an accumulated output takes neither bias nor activation");
        if (vector && VectorsSupported)
            OutputTransformVector256(m, ldm, firstTile, channels, h, w, bias, epilogue, accumulate, y);
        else
            OutputTransformScalar(m, ldm, firstTile, channels, h, w, bias, epilogue, accumulate, y);
    }

    private static void OutputTransformScalar(ReadOnlySpan<float> m, int ldm, int firstTile, int channels, int h, int w, ReadOnlySpan<float> bias,
        Epilogue epilogue, bool accumulate, Span<float> y)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), plane = h * w;
        int xiStride = channels * ldm;
        Span<float> r = stackalloc float[8];
        for (int c = 0; c < channels; c++)
        {
            float b = bias.IsEmpty ? 0f : bias[c];
            var yPlane = y.Slice(c * plane, plane);
            for (int ty = 0; ty < tilesH; ty++)
                for (int tx = 0; tx < tilesW; tx++)
                {
                    int at = c * ldm + firstTile + ty * tilesW + tx;
                    for (int j = 0; j < 4; j++)
                    {
                        float m0 = m[j * xiStride + at], m1 = m[(4 + j) * xiStride + at];
                        float m2 = m[(8 + j) * xiStride + at], m3 = m[(12 + j) * xiStride + at];
                        r[j] = m0 + m1 + m2;
                        r[4 + j] = m1 - m2 - m3;
                    }
                    int oy = 2 * ty, ox = 2 * tx;
                    for (int i = 0; i < 2 && oy + i < h; i++)
                    {
                        float r0 = r[i * 4], r1 = r[i * 4 + 1], r2 = r[i * 4 + 2], r3 = r[i * 4 + 3];
                        int row = (oy + i) * w + ox;
                        Store(yPlane, row, r0 + r1 + r2 + b, epilogue, accumulate);
                        if (ox + 1 < w) Store(yPlane, row + 1, r1 - r2 - r3 + b, epilogue, accumulate);
                    }
                }
        }
    }

    /// <summary>
    /// dm[ξ][c][firstTile + t] = (A dY Aᵀ)[ξ] for each 2×2 tile of one image's output gradient (C, H, W), zero where a
    /// tile passes the plane's edge: the gradient of the tile's transformed product, in M's layout (rows
    /// <paramref name="ldm"/> apart).
    /// </summary>
    public static void OutputGradientTransform(ReadOnlySpan<float> dY, int channels, int h, int w, Span<float> dm, int ldm, int firstTile) =>
        OutputGradientTransform(dY, channels, h, w, dm, ldm, firstTile, VectorsSupported);

    internal static void OutputGradientTransform(ReadOnlySpan<float> dY, int channels, int h, int w, Span<float> dm, int ldm, int firstTile, bool vector)
    {
        int tiles = PlaneTiles(h, w);
        Check(dY.Length >= channels * h * w && firstTile + tiles <= ldm
            && dm.Length >= (Positions - 1) * channels * ldm + (channels - 1) * ldm + firstTile + tiles, "OutputGradientTransform", dY.Length, dm.Length);
        if (vector && VectorsSupported)
            OutputGradientTransformVector256(dY, channels, h, w, dm, ldm, firstTile);
        else
            OutputGradientTransformScalar(dY, channels, h, w, dm, ldm, firstTile);
    }

    private static void OutputGradientTransformScalar(ReadOnlySpan<float> dY, int channels, int h, int w, Span<float> dm, int ldm, int firstTile)
    {
        int tilesH = Tiles(h), tilesW = Tiles(w), plane = h * w;
        int xiStride = channels * ldm;
        Span<float> e = stackalloc float[8];
        for (int c = 0; c < channels; c++)
        {
            var dyPlane = dY.Slice(c * plane, plane);
            for (int ty = 0; ty < tilesH; ty++)
                for (int tx = 0; tx < tilesW; tx++)
                {
                    int oy = 2 * ty, ox = 2 * tx;
                    bool right = ox + 1 < w, below = oy + 1 < h;
                    float y00 = dyPlane[oy * w + ox];
                    float y01 = right ? dyPlane[oy * w + ox + 1] : 0f;
                    float y10 = below ? dyPlane[(oy + 1) * w + ox] : 0f;
                    float y11 = right && below ? dyPlane[(oy + 1) * w + ox + 1] : 0f;
                    // A dY Aᵀ with A = [1 0; 1 1; 1 −1; 0 −1]: rows (4×2), then columns (4×4).
                    e[0] = y00; e[1] = y01;
                    e[2] = y00 + y10; e[3] = y01 + y11;
                    e[4] = y00 - y10; e[5] = y01 - y11;
                    e[6] = -y10; e[7] = -y11;
                    int at = c * ldm + firstTile + ty * tilesW + tx;
                    for (int i = 0; i < 4; i++)
                    {
                        float e0 = e[i * 2], e1 = e[i * 2 + 1];
                        dm[(i * 4) * xiStride + at] = e0;
                        dm[(i * 4 + 1) * xiStride + at] = e0 + e1;
                        dm[(i * 4 + 2) * xiStride + at] = e0 - e1;
                        dm[(i * 4 + 3) * xiStride + at] = -e1;
                    }
                }
        }
    }

    /// <summary>dW (Cout, Cin, 3, 3) += Gᵀ dU G, from duT[ξ][c][o] (the transposed products).</summary>
    public static void WeightGradient(ReadOnlySpan<float> duT, int cout, int cin, Span<float> dW)
    {
        int pairs = cout * cin;
        Check(duT.Length >= Positions * pairs && dW.Length >= pairs * 9, "WeightGradient", duT.Length, dW.Length);
        Span<float> f = stackalloc float[12];
        for (int o = 0; o < cout; o++)
            for (int c = 0; c < cin; c++)
            {
                int at = c * cout + o;
                // Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]: rows (3×4), then columns (3×3).
                for (int j = 0; j < 4; j++)
                {
                    float u0 = duT[j * pairs + at], u1 = duT[(4 + j) * pairs + at];
                    float u2 = duT[(8 + j) * pairs + at], u3 = duT[(12 + j) * pairs + at];
                    f[j] = u0 + 0.5f * (u1 + u2);
                    f[4 + j] = 0.5f * (u1 - u2);
                    f[8 + j] = 0.5f * (u1 + u2) + u3;
                }
                var g = dW.Slice((o * cin + c) * 9, 9);
                for (int i = 0; i < 3; i++)
                {
                    float f0 = f[i * 4], f1 = f[i * 4 + 1], f2 = f[i * 4 + 2], f3 = f[i * 4 + 3];
                    g[i * 3] += f0 + 0.5f * (f1 + f2);
                    g[i * 3 + 1] += 0.5f * (f1 - f2);
                    g[i * 3 + 2] += 0.5f * (f1 + f2) + f3;
                }
            }
    }

    /// <summary>Floats of scratch <see cref="InputTransform"/> needs: the zero-padded plane it reads its patches from,
    /// split into even and odd columns on the vector path (whose rows have slack; the scalar path needs less).</summary>
    public static int PaddedLength(int h, int w) => SplitLength(h, w) + 16;

    private static bool VectorsSupported => Avx2.IsSupported;

    // padded (rows of pw) = plane shifted down and right by one (the padding), zero elsewhere (including past an odd edge).
    private static void Pad(ReadOnlySpan<float> plane, int h, int w, Span<float> padded, int pw)
    {
        padded.Clear();
        for (int row = 0; row < h; row++)
            plane.Slice(row * w, w).CopyTo(padded.Slice((row + 1) * pw + 1, w));
    }

    private static void Store(Span<float> plane, int index, float value, Epilogue epilogue, bool accumulate)
    {
        if (accumulate)
            plane[index] += value;
        else
            plane[index] = epilogue.Apply(value);
    }

    private static void Check(bool ok, string what, int inputLength, int outputLength)
    {
        if (!ok)
            throw new ArgumentException($"Winograd3x3.{what}: buffers too small for the given sizes (input {inputLength}, output {outputLength} floats)");
    }
}
