// Shape operations, forward and backward: concatenation along dim 1 (channels of (N, C, H, W), features of (N, F)),
// reshape (a copy: tensors own their storage) and flatten.
using System.Numerics.Tensors;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    /// <summary>Concatenates along dim 1; all other dimensions must agree.</summary>
    public static Tensor Concat(params Tensor[] xs)
    {
        if (xs.Length == 0) throw new ArgumentException("Concat: needs at least one tensor");
        var first = xs[0];
        if (first.Rank < 2) throw NnThrow.Shape("Concat", "expects rank ≥ 2 (N, C, ...)", first);
        int n = first.Shape[0], inner = 1, channels = 0;
        for (int i = 2; i < first.Rank; i++) inner *= first.Shape[i];
        foreach (var t in xs)
        {
            bool same = t.Rank == first.Rank && t.Shape[0] == n;
            for (int i = 2; same && i < t.Rank; i++) same = t.Shape[i] == first.Shape[i];
            if (!same) throw NnThrow.Shapes("Concat", "expects shapes equal except in dim 1", first, t);
            channels += t.Shape[1];
        }
        var shape = (int[])first.Shape.Clone();
        shape[1] = channels;
        var y = Tensor.Empty(shape);
        int rowOut = channels * inner;
        for (int b = 0; b < n; b++)
        {
            int offset = 0;
            foreach (var t in xs)
            {
                int block = t.Shape[1] * inner;
                t.Span.Slice(b * block, block).CopyTo(y.Span.Slice(b * rowOut + offset, block));
                offset += block;
            }
        }
        if (GradMode.WillRecord(xs)) RecordConcat(xs, y, n, inner, rowOut);
        return y;
    }

    private static void RecordConcat(Tensor[] xs, Tensor y, int n, int inner, int rowOut) =>
        GradMode.Record(y, () =>
        {
            ReadOnlySpan<float> dY = y.Grad!.Span;
            for (int b = 0; b < n; b++)
            {
                int offset = 0;
                foreach (var t in xs)
                {
                    int block = t.Shape[1] * inner;
                    if (t.RequiresGrad)
                    {
                        var dT = t.GradOrCreate().Span.Slice(b * block, block);
                        TensorPrimitives.Add(dT, dY.Slice(b * rowOut + offset, block), dT);
                    }
                    offset += block;
                }
            }
        }, xs);

    /// <summary>The same values in a new shape; one dimension may be −1 (inferred).</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = Array.IndexOf(resolved, -1);
        long known = 1;
        for (int i = 0; i < resolved.Length; i++) if (i != infer) known *= resolved[i];
        if (infer >= 0 && known > 0 && x.Length % known == 0) resolved[infer] = (int)(x.Length / known);
        long total = 1;
        foreach (int d in resolved) total *= d;
        if (total != x.Length || resolved.Any(d => d < 0))
            throw new ArgumentException($"Reshape: cannot view shape {NnThrow.Format(x.Shape)} as {NnThrow.Format(shape)}");
        var y = Tensor.Empty(resolved);
        x.Span.CopyTo(y.Span);
        if (GradMode.WillRecord(x)) RecordReshape(x, y);
        return y;
    }

    private static void RecordReshape(Tensor x, Tensor y) =>
        GradMode.Record(y, () => TensorPrimitives.Add(x.GradOrCreate().Span, y.Grad!.Span, x.Grad!.Span), x);

    /// <summary>
    /// Reorders dimensions: y.Shape[i] = x.Shape[dims[i]], as torch.permute followed by .contiguous() (RetinaFace's
    /// heads turn (N, A·k, H, W) into (N, H, W, A·k) this way before viewing them as (N, H·W·A, k)).
    /// </summary>
    public static Tensor Permute(Tensor x, params int[] dims)
    {
        int rank = x.Rank;
        if (dims.Length != rank || dims.Distinct().Count() != rank || dims.Any(d => (uint)d >= (uint)rank))
            throw NnThrow.Shape("Permute", $"dims {NnThrow.Format(dims)} are not a permutation of the axes", x);
        var shape = dims.Select(d => x.Shape[d]).ToArray();
        var y = Tensor.Empty(shape);
        // Stride in x of each output axis; walk y in order with an odometer over its index.
        var xStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; s *= x.Shape[i], i--) xStrides[i] = s;
        var strides = dims.Select(d => xStrides[d]).ToArray();
        Gather(x.Span, y.Span, shape, strides, scatterAdd: false);
        GradMode.Record(y, () => Gather(y.Grad!.Span, x.GradOrCreate().Span, shape, strides, scatterAdd: true), x);
        return y;
    }

    /// <summary>
    /// Visits y-order indices of <paramref name="shape"/>: forward copies src[offset] → dst[i]; scatterAdd adds
    /// src[i] into dst[offset] (the adjoint), where offset = Σ index_k · strides_k.
    /// </summary>
    private static void Gather(ReadOnlySpan<float> src, Span<float> dst, int[] shape, int[] strides, bool scatterAdd)
    {
        int rank = shape.Length, total = scatterAdd ? src.Length : dst.Length;
        Span<int> index = stackalloc int[rank];
        int offset = 0;
        for (int i = 0; i < total; i++)
        {
            if (scatterAdd) dst[offset] += src[i];
            else dst[i] = src[offset];
            for (int k = rank - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < shape[k]) break;
                offset -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
    }

    /// <summary>(N, ...) → (N, rest).</summary>
    public static Tensor Flatten(Tensor x)
    {
        if (x.Rank < 1) throw NnThrow.Shape("Flatten", "expects a batch dimension", x);
        return Reshape(x, x.Shape[0], x.Shape[0] == 0 ? 0 : x.Length / x.Shape[0]);
    }

    /// <summary>Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1 − p).</summary>
    public static Tensor Dropout(Tensor x, float p, Random rng)
    {
        if (p is < 0 or >= 1) throw new ArgumentException($"Dropout: probability {p} is outside [0, 1)");
        var mask = Tensor.Empty([.. x.Shape]);
        var m = mask.Span;
        float keep = 1 / (1 - p);
        for (int i = 0; i < m.Length; i++) m[i] = rng.NextSingle() < p ? 0f : keep;
        var y = Tensor.Empty([.. x.Shape]);
        TensorPrimitives.Multiply(x.Span, m, y.Span);
        GradMode.Record(y, () =>
            TensorPrimitives.FusedMultiplyAdd(y.Grad!.Span, mask.Span, x.GradOrCreate().Span, x.Grad!.Span), x);
        return y;
    }
}
