// Conv2d's Winograd route: 3×3, stride 1, padding 1, groups 1, with at least 64 input and output channels, on
// batches of small planes (PFLD's auxiliary 128→128 conv at 14×14 in training, a quarter of a 0.25X step on the im2col
// route with its GEMMs at the FMA peak; 117 → 86 ms forward + backward at batch 64, one thread). F(2×2, 3×3) does the
// same convolution with 2.25× fewer multiply-adds (Kernels/Winograd3x3.cs); forward, input gradient and weight
// gradient each become 16 products over a group of images' tiles. Results differ from
// the direct sum by rounding only (the transforms add and halve; relative error ~1e-6). Groups of images are fixed
// by the batch size, and the weight gradient's partials are summed in BatchParallel's fixed chunks, so the result
// does not depend on the thread count.
using FaceAlign.Kernels;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>Input and output channels from which 3×3 stride-1 convs take the Winograd route.</summary>
    internal const int WinogradMinChannels = 64;

    /// <summary>Tiles a group of images aims at: the products' N (49 per 14×14 image, so groups of 5).</summary>
    private const int WinogradGroupTiles = 256;

    /// <summary>Whether Conv2d may, must or must not take the Winograd route (tests force it either way).</summary>
    internal enum WinogradUse
    {
        Auto,
        Always,
        Never,
    }

    /// <summary>The convolution the transforms compute: 3×3, stride 1, padding 1 (the output keeps the size), groups 1.</summary>
    internal static bool WinogradShape(int groups, ConvGeometry g) =>
        groups == 1 && g is { KernelH: 3, KernelW: 3, Stride: 1, Padding: 1, Dilation: 1 };

    /// <summary>
    /// Where it pays (measured, one thread, against the im2col and direct routes): ≥ 64 channels in and out, at least
    /// one full group of tiles in the batch (the weight transform, 0.6 ms for 128 × 128, is made once per call: one
    /// 14×14 image took 1.0 ms against 0.58), and planes of ≤ 256 tiles (32×32 px: at 80×60 the transformed tiles left
    /// L2 and one image took 5.0 ms against DirectConv's 3.3).
    /// </summary>
    internal static bool UsesWinograd(int n, int groups, ConvGeometry g, int cin, int cout)
    {
        int tiles = WinogradTilesPerImage(g);
        return WinogradShape(groups, g) && cin >= WinogradMinChannels && cout >= WinogradMinChannels
            && tiles <= WinogradGroupTiles && (long)n * tiles >= WinogradGroupTiles;
    }

    private static int WinogradGroupSize(int n, int tilesPerImage) => Math.Clamp(WinogradGroupTiles / tilesPerImage, 1, n);

    private static int WinogradTilesPerImage(ConvGeometry g) => Winograd3x3.PlaneTiles(g.Height, g.Width);

    private static void WinogradForward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation, float? leakySlope)
    {
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0];
        var u = TensorPool.Rent(Winograd3x3.Positions * cout * cin, clear: false);
        Winograd3x3.WeightTransform(weight.Span, cout, cin, rotated: false, u);
        var work = new WinogradWork(x.Buffer, cin, y.Buffer, cout, g.Height, g.Width, u, bias?.Buffer, new Epilogue(activation, leakySlope),
            Accumulate: false, WinogradGroupSize(n, WinogradTilesPerImage(g)));
        RunWinogradGroups(work, n);
        TensorPool.Return(u);
    }

    /// <summary>x's and weight's gradients; the bias gradient too, as the GEMM route does.</summary>
    private static void WinogradBackward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor dY)
    {
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0], h = g.Height, w = g.Width;
        int tilesPerImage = WinogradTilesPerImage(g), groupSize = WinogradGroupSize(n, tilesPerImage);
        if (bias is { RequiresGrad: true })
            AddBiasGradient(bias, dY, n, cout, h * w);
        if (x.RequiresGrad)
        {
            // dX = the same convolution of dY with each kernel rotated by 180° and Cin, Cout swapped (pad 1 keeps the
            // size), written into a fresh gradient or added to an existing one.
            var dX = x.GradOrCreateUncleared(out bool fresh);
            var uRotated = TensorPool.Rent(Winograd3x3.Positions * cout * cin, clear: false);
            Winograd3x3.WeightTransform(weight.Span, cout, cin, rotated: true, uRotated);
            var work = new WinogradWork(dY.Buffer, cout, dX.Buffer, cin, h, w, uRotated, null, default, Accumulate: !fresh, groupSize);
            RunWinogradGroups(work, n);
            TensorPool.Return(uRotated);
        }
        if (weight.RequiresGrad)
        {
            // dUᵀ_ξ (Cin, Cout) = Σ_groups V_ξ (Cin, T) · dMᵀ_ξ (T, Cout), then dW += Gᵀ dU G. V is transformed again
            // here rather than kept from the forward: 3.6 ms per step at batch 64 against 25 MB held between the passes.
            int groupCount = (n + groupSize - 1) / groupSize, pairs = cin * cout;
            using var duT = Tensor.Zeros(Winograd3x3.Positions * pairs);
            BatchParallel.For(groupCount, duT.Span, duT.Buffer, (gi, acc) =>
            {
                int first = gi * groupSize, count = Math.Min(groupSize, n - first), tiles = count * tilesPerImage, hw = h * w;
                var v = TensorPool.Rent(Winograd3x3.Positions * cin * tiles, clear: false);
                var dm = TensorPool.Rent(Winograd3x3.Positions * cout * tiles, clear: false);
                var dmT = TensorPool.Rent(Winograd3x3.Positions * tiles * cout, clear: false);
                var padded = TensorPool.Rent(Winograd3x3.PaddedLength(h, w), clear: false);
                TransformGroupInputs(x.Span, cin, h, w, first, count, v, padded);
                for (int j = 0; j < count; j++)
                    Winograd3x3.OutputGradientTransform(dY.Span.Slice((first + j) * cout * hw, cout * hw), cout, h, w, dm, tiles, j * tilesPerImage);
                for (int xi = 0; xi < Winograd3x3.Positions; xi++)
                {
                    MatrixTranspose.Run(dm.AsSpan(xi * cout * tiles, cout * tiles), cout, tiles, dmT.AsSpan(xi * tiles * cout, tiles * cout));
                    var accXi = acc.AsSpan(xi * pairs, pairs);
                    ConvGemm.Forward(cin, cout, tiles, v.AsSpan(xi * cin * tiles, cin * tiles), dmT.AsSpan(xi * tiles * cout, tiles * cout),
                        default, accXi, accXi, Activation.None);
                }
                TensorPool.Return(padded);
                TensorPool.Return(dmT);
                TensorPool.Return(dm);
                TensorPool.Return(v);
            });
            Winograd3x3.WeightGradient(duT.Span, cout, cin, weight.GradOrCreate().Span);
        }
    }

    /// <summary>One Winograd convolution over a batch: input (N, InChannels, H, W) → output (N, OutChannels, H, W) with
    /// transformed weights U (16, OutChannels, InChannels).</summary>
    private readonly record struct WinogradWork(float[] Input, int InChannels, float[] Output, int OutChannels, int Height, int Width,
        float[] U, float[]? Bias, Epilogue Epilogue, bool Accumulate, int GroupSize);

    private static void RunWinogradGroups(WinogradWork work, int n)
    {
        int groupCount = (n + work.GroupSize - 1) / work.GroupSize;
        if (BatchParallel.Worthwhile(groupCount))
            RunWinogradGroupsParallel(work, n, groupCount);
        else
            for (int gi = 0; gi < groupCount; gi++) RunWinogradGroup(work, n, gi);
    }

    // The closure lives here so the serial path allocates none.
    private static void RunWinogradGroupsParallel(WinogradWork work, int n, int groupCount) =>
        BatchParallel.For(groupCount, gi => RunWinogradGroup(work, n, gi));

    // V_ξ (Cin, T) from the group's input patches, M_ξ (Cout, T) = U_ξ · V_ξ, then each image's tiles back to planes.
    private static void RunWinogradGroup(WinogradWork work, int n, int gi)
    {
        int h = work.Height, w = work.Width, hw = h * w, inC = work.InChannels, outC = work.OutChannels;
        int tilesPerImage = Winograd3x3.PlaneTiles(h, w);
        int first = gi * work.GroupSize, count = Math.Min(work.GroupSize, n - first), tiles = count * tilesPerImage;
        var v = TensorPool.Rent(Winograd3x3.Positions * inC * tiles, clear: false);
        var m = TensorPool.Rent(Winograd3x3.Positions * outC * tiles, clear: false);
        var padded = TensorPool.Rent(Winograd3x3.PaddedLength(h, w), clear: false);
        TransformGroupInputs(work.Input, inC, h, w, first, count, v, padded);
        for (int xi = 0; xi < Winograd3x3.Positions; xi++)
            ConvGemm.Forward(outC, tiles, inC, work.U.AsSpan(xi * outC * inC, outC * inC), v.AsSpan(xi * inC * tiles, inC * tiles),
                default, default, m.AsSpan(xi * outC * tiles, outC * tiles), Activation.None);
        ReadOnlySpan<float> bias = work.Bias is null ? default : work.Bias.AsSpan(0, outC);
        for (int j = 0; j < count; j++)
            Winograd3x3.OutputTransform(m, tiles, j * tilesPerImage, outC, h, w, bias, work.Epilogue, work.Accumulate,
                work.Output.AsSpan((first + j) * outC * hw, outC * hw));
        TensorPool.Return(padded);
        TensorPool.Return(m);
        TensorPool.Return(v);
    }

    /// <summary>
    /// V (16, channels, T) for images [first, first + count) of a batch (N, channels, h, w), their tiles side by side
    /// (T = count · tiles per image); <paramref name="padded"/> is the transform's scratch.
    /// </summary>
    private static void TransformGroupInputs(ReadOnlySpan<float> batch, int channels, int h, int w, int first, int count, float[] v,
        float[] padded)
    {
        int hw = h * w, tilesPerImage = Winograd3x3.PlaneTiles(h, w), tiles = count * tilesPerImage;
        for (int j = 0; j < count; j++)
            Winograd3x3.InputTransform(batch.Slice((first + j) * channels * hw, channels * hw), channels, h, w, v, tiles, j * tilesPerImage, padded);
    }
}
