// 2-D convolution (cross-correlation, as PyTorch) with stride, padding, dilation and groups, forward and backward.
// Five routes: depthwise 3×3 pad 1 → Kernels.DepthwiseConv3x3; 3×3 stride 1 pad 1 with ≥ 64 channels in and out on
// batches of small planes → Winograd F(2×2, 3×3) (Functional.Conv2dWinograd.cs); 1×1 stride 1 (and kernels covering
// the whole image) → GEMM on the input directly; groups 1 without addend, when Kernels.DirectConv.Suits (few taps per output,
// or a big output plane) → DirectConv, no column matrix; everything else → im2col + GEMM per group. The forward GEMM is
// Kernels.ConvGemm, which adds the bias and applies the activation in its register tiles; backward too. Images of a
// batch run in parallel; small output planes (≤ 64 px) run as one GEMM per group of images (Functional.Conv2dBatched.cs).
// Every forward kernel applies the activation, a leaky ReLU (RetinaFace's) included, before its single store. The
// activation's derivative is taken from the output (ReLU: y > 0, ReLU6: 0 < y < 6; leaky: y > 0 exactly where the
// input was, for any slope ≥ 0).
using System.Numerics.Tensors;
using FaceAlign.Kernels;
using FaceAlign.Kernels.ElementWise;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>
    /// x (N, Cin, H, W), weight (Cout, Cin/groups, kh, kw), bias (Cout) or null → y (N, Cout, Ho, Wo) =
    /// act(conv(x) + bias + addend); addend (N, Cout, Ho, Wo) or null is a residual summed in the output tiles
    /// (GEMM routes only, not depthwise). <paramref name="leakySlope"/>, when given, applies a leaky ReLU with that
    /// slope (≥ 0) to the output instead of <paramref name="activation"/>, which must then be None.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, Activation activation = Activation.None, Tensor? addend = null, float? leakySlope = null) =>
        Conv2d(x, weight, bias, stride, padding, dilation, groups, activation, addend, leakySlope, WinogradUse.Auto);

    /// <summary>Conv2d with the Winograd route forced on or off (tests send small shapes through it and compare).</summary>
    internal static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups,
        Activation activation, Tensor? addend, float? leakySlope, WinogradUse winograd)
    {
        if (leakySlope is { } checkedSlope && (activation != Activation.None || !(checkedSlope >= 0)))
            throw new ArgumentException($"Conv2d: a leaky slope ({checkedSlope}) must be ≥ 0 and excludes another fused activation ({activation})");
        NnThrow.Rank("Conv2d", x, 4, "(N, C, H, W)");
        NnThrow.Rank("Conv2d", weight, 4, "(Cout, Cin/groups, kh, kw)");
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0];
        if (stride < 1 || dilation < 1 || padding < 0 || groups < 1)
            throw new ArgumentException($"Conv2d: invalid stride {stride}, padding {padding}, dilation {dilation} or groups {groups}");
        if (cin % groups != 0 || cout % groups != 0 || weight.Shape[1] * groups != cin)
            throw NnThrow.Shapes("Conv2d", $"input channels and weight (Cout, Cin/groups, kh, kw) disagree for groups={groups}", x, weight);
        if (bias is not null && (bias.Rank != 1 || bias.Length != cout))
            throw NnThrow.Shapes("Conv2d", "expects bias (Cout)", weight, bias);
        var g = new ConvGeometry(x.Shape[2], x.Shape[3], weight.Shape[2], weight.Shape[3], stride, padding, dilation);
        if (g.OutHeight < 1 || g.OutWidth < 1)
            throw NnThrow.Shapes("Conv2d", "kernel does not fit the padded input", x, weight);

        var y = Tensor.Empty(n, cout, g.OutHeight, g.OutWidth);
        if (addend is not null && (addend.Rank != 4 || !addend.Shape.AsSpan().SequenceEqual(y.Shape)))
            throw NnThrow.Shapes("Conv2d", "expects addend of the output's shape", y, addend);
        bool depthwise = groups == cin && groups == cout && g is { KernelH: 3, KernelW: 3, Padding: 1, Dilation: 1, Stride: 1 or 2 };
        if (depthwise && addend is not null)
            throw new NotSupportedException("Conv2d: an addend is summed in the GEMM routes' output tiles; the depthwise 3×3 route has none");
        var route = ChooseRoute(depthwise, addend is not null, winograd, n, groups, g, cin, cout);
        if (route == ConvRoute.Depthwise)
            DepthwiseForward(x, weight, bias, g, y, activation, leakySlope);
        else if (route == ConvRoute.Winograd)
            WinogradForward(x, weight, bias, g, y, activation, leakySlope);
        else
            GemmForward(x, weight, bias, addend, g, groups, y, activation, leakySlope);

        if (GradMode.IsEnabled && (x.RequiresGrad || weight.RequiresGrad || bias is { RequiresGrad: true } || addend is { RequiresGrad: true }))
            RecordConv2d(x, weight, bias, addend, g, groups, route, activation, leakySlope, y);
        return y;
    }

    // Apart from Conv2d so that inference (nothing to record) allocates no closure.
    private static void RecordConv2d(Tensor x, Tensor weight, Tensor? bias, Tensor? addend, ConvGeometry g, int groups,
        ConvRoute route, Activation activation, float? leakySlope, Tensor y)
    {
        var inputs = bias is null ? new[] { x, weight } : new[] { x, weight, bias };
        if (addend is not null) inputs = [.. inputs, addend];
        GradMode.Record(y, () =>
        {
            var dY = y.Grad!;
            Tensor? masked = leakySlope is { } slope ? MaskByLeakyRelu(dY, y, slope)
                : activation == Activation.None ? null : MaskByActivation(dY, y, activation);
            var dYEff = masked ?? dY;
            if (route == ConvRoute.Depthwise)
                DepthwiseBackward(x, weight, bias, g, dYEff);
            else if (route == ConvRoute.Winograd)
                WinogradBackward(x, weight, bias, g, dYEff);
            else
                GemmBackward(x, weight, bias, g, groups, dYEff);
            if (addend is { RequiresGrad: true })
                TensorPrimitives.Add(addend.GradOrCreate().Span, dYEff.Span, addend.Grad!.Span);
            masked?.Dispose();
        }, inputs);
    }

    private static void DepthwiseForward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation, float? leakySlope)
    {
        if (BatchParallel.Worthwhile(x.Shape[0]))
            DepthwiseForwardParallel(x, weight, bias, g, y, activation, leakySlope);
        else
            for (int i = 0; i < x.Shape[0]; i++) DepthwiseForwardImage(x, weight, bias, g, y, activation, leakySlope, i);
    }

    // The closure lives here, not in DepthwiseForward, so the serial path allocates none.
    private static void DepthwiseForwardParallel(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation,
        float? leakySlope) =>
        BatchParallel.For(x.Shape[0], i => DepthwiseForwardImage(x, weight, bias, g, y, activation, leakySlope, i));

    private static void DepthwiseForwardImage(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation,
        float? leakySlope, int i)
    {
        int c = x.Shape[1], inSize = c * g.Height * g.Width, outSize = c * g.OutHeight * g.OutWidth;
        var yImage = y.Span.Slice(i * outSize, outSize);
        DepthwiseConv3x3.Forward(x.Span.Slice(i * inSize, inSize), c, g.Height, g.Width, weight.Span,
            bias is null ? default : bias.Span, g.Stride, yImage, activation, leakySlope);
    }

    private static void DepthwiseBackward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor dY)
    {
        int n = x.Shape[0], c = x.Shape[1], inSize = c * g.Height * g.Width, outSize = c * g.OutHeight * g.OutWidth;
        if (x.RequiresGrad)
        {
            // A gradient that does not exist yet is written, not zeroed and added to.
            var dX = x.GradOrCreateUncleared(out bool fresh);
            BatchParallel.For(n, i => DepthwiseConv3x3.BackwardInput(dY.Span.Slice(i * outSize, outSize), c, g.Height,
                g.Width, weight.Span, g.Stride, dX.Span.Slice(i * inSize, inSize), accumulate: !fresh));
        }
        if (weight.RequiresGrad || bias is { RequiresGrad: true })
        {
            // One partial holds dW (C·9) followed by dB (C) so both accumulate in a single parallel sweep.
            int wLen = weight.Length;
            using var partial = Tensor.Zeros(wLen + c);
            BatchParallel.For(n, partial.Span, partial.Buffer, (i, acc) => DepthwiseConv3x3.BackwardWeight(
                x.Span.Slice(i * inSize, inSize), dY.Span.Slice(i * outSize, outSize), c, g.Height, g.Width, g.Stride,
                acc.AsSpan(0, wLen), acc.AsSpan(wLen, c)));
            if (weight.RequiresGrad) TensorPrimitives.Add(weight.GradOrCreate().Span, partial.Span[..wLen], weight.Grad!.Span);
            if (bias is { RequiresGrad: true }) TensorPrimitives.Add(bias.GradOrCreate().Span, partial.Span[wLen..], bias.Grad!.Span);
        }
    }

    private static void GemmForward(Tensor x, Tensor weight, Tensor? bias, Tensor? addend, ConvGeometry g, int groups, Tensor y, Activation activation,
        float? leakySlope)
    {
        if (addend is null && UsesBatchedGemm(x.Shape[0], groups, g) && !DirectConv.Suits(g.Columns(x.Shape[1]), weight.Shape[0]))
            BatchedForward(x, weight, bias, g, y, activation, leakySlope);
        else if (BatchParallel.Worthwhile(x.Shape[0]))
            GemmForwardParallel(x, weight, bias, addend, g, groups, y, activation, leakySlope);
        else
            for (int i = 0; i < x.Shape[0]; i++) GemmForwardImage(x, weight, bias, addend, g, groups, y, activation, leakySlope, i);
    }

    private static void GemmForwardParallel(Tensor x, Tensor weight, Tensor? bias, Tensor? addend, ConvGeometry g, int groups, Tensor y,
        Activation activation, float? leakySlope) =>
        BatchParallel.For(x.Shape[0], i => GemmForwardImage(x, weight, bias, addend, g, groups, y, activation, leakySlope, i));

    private static void GemmForwardImage(Tensor x, Tensor weight, Tensor? bias, Tensor? addend, ConvGeometry g, int groups, Tensor y,
        Activation activation, float? leakySlope, int i)
    {
        int cin = x.Shape[1], cout = weight.Shape[0], cinG = cin / groups, coutG = cout / groups;
        int k = cinG * g.KernelH * g.KernelW, hw = g.Height * g.Width, ohw = g.OutHeight * g.OutWidth;
        if (groups == 1 && addend is null && g.Columns(cin) is var geometry && DirectConv.Suits(geometry, cout))
        {
            // A first conv on RGB, or a big plane: straight from the image, no column matrix, activation fused.
            DirectConv.Forward(x.Span.Slice(i * cin * hw, cin * hw), geometry, cout, weight.Span,
                bias is null ? default : bias.Span, y.Span.Slice(i * cout * ohw, cout * ohw), activation, leakySlope);
            return;
        }
        float[]? col = g.InputIsColumns ? null : TensorPool.Rent(k * ohw, clear: false);
        for (int gi = 0; gi < groups; gi++)
        {
            ReadOnlySpan<float> xGroup = x.Span.Slice((i * cin + gi * cinG) * hw, cinG * hw);
            ReadOnlySpan<float> cols = xGroup;
            if (col is not null)
            {
                Kernels.Im2Col.Unfold(xGroup, g.Columns(cinG), col);
                cols = col.AsSpan(0, k * ohw);
            }
            // y_g (coutG, Ho·Wo) = act(W_g (coutG, k) · col (k, Ho·Wo) + b_g + addend_g)
            int yOffset = (i * cout + gi * coutG) * ohw;
            ConvGemm.Forward(coutG, ohw, k, weight.Span.Slice(gi * coutG * k, coutG * k), cols,
                bias is null ? default : bias.Span.Slice(gi * coutG, coutG),
                addend is null ? default : addend.Span.Slice(yOffset, coutG * ohw),
                y.Span.Slice(yOffset, coutG * ohw), activation, leakySlope);
        }
        if (col is not null) TensorPool.Return(col);
    }

    private static void GemmBackward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, int groups, Tensor dY)
    {
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0], cinG = cin / groups, coutG = cout / groups;
        int k = cinG * g.KernelH * g.KernelW, hw = g.Height * g.Width, ohw = g.OutHeight * g.OutWidth;
        if (bias is { RequiresGrad: true })
            AddBiasGradient(bias, dY, n, cout, ohw);
        if (UsesBatchedGemm(n, groups, g))
        {
            BatchedBackward(x, weight, g, dY);
            return;
        }
        if (x.RequiresGrad)
        {
            // dCol_g (k, Ho·Wo) = W_gᵀ · dY_g through ConvGemm (W_gᵀ is small and transposed once here): it reads dY in
            // place, where Sgemm packed both operands on every image, which cost more than the product on PFLD's
            // 14×14 planes. With the input as its own column matrix (1×1) and x's gradient not yet created, the
            // product is written straight into it; otherwise it goes through a scratch and is folded or added.
            bool fresh = false;
            var dX = g.InputIsColumns ? x.GradOrCreateUncleared(out fresh) : x.GradOrCreate();
            var wT = TensorPool.Rent(weight.Length, clear: false);
            for (int gi = 0; gi < groups; gi++)
                for (int o = 0; o < coutG; o++)
                    for (int p = 0; p < k; p++)
                        wT[gi * coutG * k + p * coutG + o] = weight.Span[gi * coutG * k + o * k + p];
            BatchParallel.For(n, i =>
            {
                float[]? dCol = fresh ? null : TensorPool.Rent(k * ohw, clear: false);
                for (int gi = 0; gi < groups; gi++)
                {
                    var dYG = dY.Span.Slice((i * cout + gi * coutG) * ohw, coutG * ohw);
                    var dXG = dX.Span.Slice((i * cin + gi * cinG) * hw, cinG * hw);
                    var wTG = wT.AsSpan(gi * coutG * k, coutG * k);
                    if (dCol is null)
                    {
                        ConvGemm.Forward(k, ohw, coutG, wTG, dYG, default, default, dXG, Activation.None);
                        continue;
                    }
                    var product = dCol.AsSpan(0, k * ohw);
                    ConvGemm.Forward(k, ohw, coutG, wTG, dYG, default, default, product, Activation.None);
                    if (g.InputIsColumns)
                        TensorPrimitives.Add(dXG, product, dXG);
                    else
                        Kernels.Im2Col.Fold(product, g.Columns(cinG), dXG);
                }
                if (dCol is not null) TensorPool.Return(dCol);
            });
            TensorPool.Return(wT);
        }
        if (weight.RequiresGrad && groups == 1 && k > cout && cout % 32 == 0)
            WeightGradientTransposed(x, weight, g, dY);
        else if (weight.RequiresGrad)
        {
            // dW_g (coutG, k) += dY_g (coutG, Ho·Wo) · colᵀ through ConvGemm: colᵀ (Ho·Wo, k) is one transposed copy per
            // image (the packing Sgemm did anyway), dY_g is read in place, and the chunk's partial is both addend and
            // output (summed in place).
            var dW = weight.GradOrCreate();
            BatchParallel.For(n, dW.Span, dW.Buffer, (i, acc) =>
            {
                float[]? col = g.InputIsColumns ? null : TensorPool.Rent(k * ohw, clear: false);
                var colT = TensorPool.Rent(k * ohw, clear: false);
                for (int gi = 0; gi < groups; gi++)
                {
                    ReadOnlySpan<float> xGroup = x.Span.Slice((i * cin + gi * cinG) * hw, cinG * hw);
                    ReadOnlySpan<float> cols = xGroup;
                    if (col is not null)
                    {
                        Kernels.Im2Col.Unfold(xGroup, g.Columns(cinG), col);
                        cols = col.AsSpan(0, k * ohw);
                    }
                    MatrixTranspose.Run(cols, k, ohw, colT);
                    var accG = acc.AsSpan(gi * coutG * k, coutG * k);
                    ConvGemm.Forward(coutG, k, ohw, dY.Span.Slice((i * cout + gi * coutG) * ohw, coutG * ohw), colT.AsSpan(0, k * ohw),
                        default, accG, accG, Activation.None);
                }
                TensorPool.Return(colT);
                if (col is not null) TensorPool.Return(col);
            });
        }
    }

    /// <summary>
    /// dWᵀ (k, Cout) = Σ col (k, Ho·Wo) · dYᵀ (Ho·Wo, Cout), for groups 1 when the column matrix is the bigger
    /// operand (3×3 convs: k = 9·Cin): col is read in place as the product's row operand and only dY is transposed
    /// per image (128 × 196 instead of 1152 × 196 for the auxiliary conv2, 71 µs per image); the partials, the same
    /// products summed in the same order as dY · colᵀ, are transposed once at the end. Cout a multiple of 32 so the
    /// product's columns fill whole 32-wide tiles (with 16 it ran at 78 GFLOPS against 115 the other way round).
    /// </summary>
    private static void WeightGradientTransposed(Tensor x, Tensor weight, ConvGeometry g, Tensor dY)
    {
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0], k = weight.Length / cout;
        int hw = g.Height * g.Width, ohw = g.OutHeight * g.OutWidth;
        using var dWT = Tensor.Zeros(k * cout);
        BatchParallel.For(n, dWT.Span, dWT.Buffer, (i, acc) =>
        {
            float[]? col = g.InputIsColumns ? null : TensorPool.Rent(k * ohw, clear: false);
            var dYT = TensorPool.Rent(cout * ohw, clear: false);
            ReadOnlySpan<float> cols = x.Span.Slice(i * cin * hw, cin * hw);
            if (col is not null)
            {
                Kernels.Im2Col.Unfold(cols, g.Columns(cin), col);
                cols = col.AsSpan(0, k * ohw);
            }
            MatrixTranspose.Run(dY.Span.Slice(i * cout * ohw, cout * ohw), cout, ohw, dYT);
            var accT = acc.AsSpan(0, k * cout);
            ConvGemm.Forward(k, cout, ohw, cols, dYT.AsSpan(0, cout * ohw), default, accT, accT, Activation.None);
            TensorPool.Return(dYT);
            if (col is not null) TensorPool.Return(col);
        });
        var dW = weight.GradOrCreate();
        var transposed = TensorPool.Rent(k * cout, clear: false);
        MatrixTranspose.Run(dWT.Span, k, cout, transposed);
        TensorPrimitives.Add(dW.Span, transposed.AsSpan(0, k * cout), dW.Span);
        TensorPool.Return(transposed);
    }

    private static void AddBiasGradient(Tensor bias, Tensor dY, int n, int cout, int ohw)
    {
        var dB = bias.GradOrCreate().Span;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < cout; o++)
                dB[o] += TensorPrimitives.Sum(dY.Span.Slice((i * cout + o) * ohw, ohw));
    }

    /// <summary>The kernel family a conv runs on, chosen at the forward and kept for its backward.</summary>
    private enum ConvRoute
    {
        Gemm,
        Depthwise,
        Winograd,
    }

    private static ConvRoute ChooseRoute(bool depthwise, bool hasAddend, WinogradUse winograd, int n, int groups, ConvGeometry g, int cin, int cout)
    {
        if (depthwise)
            return ConvRoute.Depthwise;
        // The Winograd transforms have no addend to sum in their output write.
        bool winogradRoute = !hasAddend && winograd switch
        {
            WinogradUse.Always => WinogradShape(groups, g),
            WinogradUse.Auto => UsesWinograd(n, groups, g, cin, cout),
            _ => false,
        };
        return winogradRoute ? ConvRoute.Winograd : ConvRoute.Gemm;
    }

    /// <summary>dY ⊙ (y > 0 ? 1 : slope): the leaky ReLU's derivative read off its output.</summary>
    private static Tensor MaskByLeakyRelu(Tensor dY, Tensor y, float slope)
    {
        var masked = Tensor.Empty([.. dY.Shape]);
        Activations.LeakyReluBackward(dY.Span, y.Span, slope, masked.Span);
        return masked;
    }

    /// <summary>dY ⊙ f'(pre-activation), with f' read off the activated output y.</summary>
    private static Tensor MaskByActivation(Tensor dY, Tensor y, Activation activation)
    {
        var masked = Tensor.Empty([.. dY.Shape]);
        ActivationGrad.Mask(y.Span, 0f, activation == Activation.Relu6 ? 6f : float.PositiveInfinity, dY.Span, masked.Span);
        return masked;
    }
}
