// Conv2d's GEMM route for small output planes (≤ 64 pixels: PFLD's 7×7 and 3×3 maps, the 1×1 output of a kernel
// covering its input): the column matrices of a group of images sit side by side, so the group is one product of
// ~256 columns instead of one per image. Per image, N = 49 left 17 of 49 columns to ConvGemm's narrow edge tiles,
// N = 9 all of them, and the weight gradient (inner dimension N) stored and re-read its whole (Cout, K) tile for 9 or
// 49 multiply-adds per element. Groups are fixed by the batch size alone, so results do not depend on the thread count.
using FaceAlign.Kernels;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>Output planes up to this many pixels take the batched route.</summary>
    internal const int BatchedPlaneMax = 64;

    /// <summary>Columns a group of images aims at at most: eight 32-wide tiles.</summary>
    private const int BatchedGroupColumns = 256;

    /// <summary>
    /// Floats of a group's column matrix at most (512 KB), so it is still in L2 when the product reads it back. The
    /// auxiliary conv3 (K = 1152, 7×7) ran no faster in groups of 2 than per image and slower in groups of 5 (its
    /// 1.1 MB matrix went to L3); its conv4 (K = 1568, 3×3) took 11.8 ms per batch of 64 backward in groups of 9 and
    /// 16.4 in groups of 28.
    /// </summary>
    private const int BatchedGroupFloats = 128 * 1024;

    /// <summary>Whether a groups-1 conv on this batch runs as per-group GEMMs (forward without addend, and backward).</summary>
    internal static bool UsesBatchedGemm(int n, int groups, ConvGeometry g) =>
        n > 1 && groups == 1 && g.OutHeight * g.OutWidth <= BatchedPlaneMax;

    /// <summary>Images per group: as many as fill <see cref="BatchedGroupColumns"/> columns and a column matrix of
    /// <see cref="BatchedGroupFloats"/>, at least one.</summary>
    private static int BatchedGroupSize(int n, int k, int plane) =>
        Math.Clamp(Math.Min(BatchedGroupColumns / plane, BatchedGroupFloats / (k * plane)), 1, n);

    private static void BatchedForward(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation, float? leakySlope)
    {
        int n = x.Shape[0], groupSize = BatchedGroupSize(n, weight.Length / weight.Shape[0], g.OutHeight * g.OutWidth), groupCount = (n + groupSize - 1) / groupSize;
        if (BatchParallel.Worthwhile(groupCount))
            BatchedForwardParallel(x, weight, bias, g, y, activation, leakySlope, groupSize, groupCount);
        else
            for (int gi = 0; gi < groupCount; gi++) BatchedForwardGroup(x, weight, bias, g, y, activation, leakySlope, groupSize, gi);
    }

    private static void BatchedForwardParallel(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation,
        float? leakySlope, int groupSize, int groupCount) =>
        BatchParallel.For(groupCount, gi => BatchedForwardGroup(x, weight, bias, g, y, activation, leakySlope, groupSize, gi));

    // Y_group (Cout, count·Ho·Wo) = act(W (Cout, k) · col_group (k, count·Ho·Wo) + bias), then each image's block of
    // columns is copied to its place in y (N, Cout, Ho, Wo).
    private static void BatchedForwardGroup(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g, Tensor y, Activation activation,
        float? leakySlope, int groupSize, int gi)
    {
        int n = x.Shape[0], cout = weight.Shape[0], k = weight.Length / cout, ohw = g.OutHeight * g.OutWidth;
        int first = gi * groupSize, count = Math.Min(groupSize, n - first), width = count * ohw;
        var col = TensorPool.Rent(k * width, clear: false);
        var product = TensorPool.Rent(cout * width, clear: false);
        UnfoldGroup(x, g, first, count, col.AsSpan(0, k * width));
        ConvGemm.Forward(cout, width, k, weight.Span, col.AsSpan(0, k * width), bias is null ? default : bias.Span, default,
            product.AsSpan(0, cout * width), activation, leakySlope);
        ChannelMajor.Scatter(product.AsSpan(0, cout * width), count, cout, ohw, y.Span.Slice(first * cout * ohw, count * cout * ohw));
        TensorPool.Return(product);
        TensorPool.Return(col);
    }

    /// <summary>col (k, count·Ho·Wo): image first + j's im2col matrix in columns [j·Ho·Wo, (j + 1)·Ho·Wo).</summary>
    private static void UnfoldGroup(Tensor x, ConvGeometry g, int first, int count, Span<float> col)
    {
        int cin = x.Shape[1], hw = g.Height * g.Width, ohw = g.OutHeight * g.OutWidth, width = count * ohw;
        var geometry = g.Columns(cin);
        for (int j = 0; j < count; j++)
            Kernels.Im2Col.Unfold(x.Span.Slice((first + j) * cin * hw, cin * hw), geometry, col[(j * ohw)..], width);
    }

    /// <summary>x's and weight's gradients through the groups' products; the bias gradient is the caller's.</summary>
    private static void BatchedBackward(Tensor x, Tensor weight, ConvGeometry g, Tensor dY)
    {
        int n = x.Shape[0], cin = x.Shape[1], cout = weight.Shape[0], k = weight.Length / cout;
        int hw = g.Height * g.Width, ohw = g.OutHeight * g.OutWidth;
        int groupSize = BatchedGroupSize(n, k, ohw), groupCount = (n + groupSize - 1) / groupSize;
        if (x.RequiresGrad)
        {
            // dCol_group (k, count·Ho·Wo) = Wᵀ · dY_group, folded image by image into dX (+=, so dX starts cleared).
            var dX = x.GradOrCreate();
            var wT = TensorPool.Rent(weight.Length, clear: false);
            MatrixTranspose.Run(weight.Span, cout, k, wT);
            BatchParallel.For(groupCount, gi =>
            {
                int first = gi * groupSize, count = Math.Min(groupSize, n - first), width = count * ohw;
                var dYGroup = TensorPool.Rent(cout * width, clear: false);
                var dCol = TensorPool.Rent(k * width, clear: false);
                ChannelMajor.Gather(dY.Span.Slice(first * cout * ohw, count * cout * ohw), count, cout, ohw, dYGroup.AsSpan(0, cout * width));
                ConvGemm.Forward(k, width, cout, wT.AsSpan(0, weight.Length), dYGroup.AsSpan(0, cout * width), default, default,
                    dCol.AsSpan(0, k * width), Activation.None);
                var geometry = g.Columns(cin);
                for (int j = 0; j < count; j++)
                    Kernels.Im2Col.Fold(dCol.AsSpan(j * ohw, k * width - j * ohw), geometry, dX.Span.Slice((first + j) * cin * hw, cin * hw), width);
                TensorPool.Return(dCol);
                TensorPool.Return(dYGroup);
            });
            TensorPool.Return(wT);
        }
        if (weight.RequiresGrad)
        {
            // dW (Cout, k) += dY_group (Cout, count·Ho·Wo) · col_groupᵀ: one product per group whose inner dimension is
            // the group's columns, summed in place into the chunk's partial (ConvGemm's addend and output).
            var dW = weight.GradOrCreate();
            BatchParallel.For(groupCount, dW.Span, dW.Buffer, (gi, acc) =>
            {
                int first = gi * groupSize, count = Math.Min(groupSize, n - first), width = count * ohw;
                var col = TensorPool.Rent(k * width, clear: false);
                var colT = TensorPool.Rent(k * width, clear: false);
                var dYGroup = TensorPool.Rent(cout * width, clear: false);
                UnfoldGroup(x, g, first, count, col.AsSpan(0, k * width));
                MatrixTranspose.Run(col.AsSpan(0, k * width), k, width, colT);
                ChannelMajor.Gather(dY.Span.Slice(first * cout * ohw, count * cout * ohw), count, cout, ohw, dYGroup.AsSpan(0, cout * width));
                var accW = acc.AsSpan(0, cout * k);
                ConvGemm.Forward(cout, k, width, dYGroup.AsSpan(0, cout * width), colT.AsSpan(0, k * width), default, accW, accW,
                    Activation.None);
                TensorPool.Return(dYGroup);
                TensorPool.Return(colT);
                TensorPool.Return(col);
            });
        }
    }
}
