// Max, average and global-average pooling over (N, C, H, W), forward and backward. Output size follows PyTorch's
// floor mode: (H + 2p − k) / s + 1. Max pooling pads with −∞ and routes the gradient to the first maximum;
// average pooling counts padded cells in the divisor (count_include_pad=True, PyTorch's default).
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    public static Tensor MaxPool2d(Tensor x, int kernel, int stride, int padding = 0)
    {
        var (n, c, h, w, ho, wo) = PoolShape("MaxPool2d", x, kernel, stride, padding);
        var y = Tensor.Empty(n, c, ho, wo);
        BatchParallel.For(n * c, plane =>
        {
            ReadOnlySpan<float> src = x.Span.Slice(plane * h * w, h * w);
            var dst = y.Span.Slice(plane * ho * wo, ho * wo);
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    int arg = ArgMaxInWindow(src, h, w, oy * stride - padding, ox * stride - padding, kernel);
                    dst[oy * wo + ox] = arg < 0 ? float.NegativeInfinity : src[arg];
                }
        });
        GradMode.Record(y, () =>
        {
            // The arg-max is recomputed rather than stored: cheap, and nothing to keep alive between passes.
            var dX = x.GradOrCreate();
            BatchParallel.For(n * c, plane =>
            {
                ReadOnlySpan<float> src = x.Span.Slice(plane * h * w, h * w), dY = y.Grad!.Span.Slice(plane * ho * wo, ho * wo);
                var dst = dX.Span.Slice(plane * h * w, h * w);
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        int arg = ArgMaxInWindow(src, h, w, oy * stride - padding, ox * stride - padding, kernel);
                        if (arg >= 0) dst[arg] += dY[oy * wo + ox];
                    }
            });
        }, x);
        return y;
    }

    public static Tensor AvgPool2d(Tensor x, int kernel, int stride, int padding = 0)
    {
        var (n, c, h, w, ho, wo) = PoolShape("AvgPool2d", x, kernel, stride, padding);
        var y = Tensor.Empty(n, c, ho, wo);
        float inv = 1f / (kernel * kernel);
        BatchParallel.For(n * c, plane =>
        {
            ReadOnlySpan<float> src = x.Span.Slice(plane * h * w, h * w);
            var dst = y.Span.Slice(plane * ho * wo, ho * wo);
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    var (y0, y1, x0, x1) = Window(h, w, oy * stride - padding, ox * stride - padding, kernel);
                    float sum = 0;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++) sum += src[iy * w + ix];
                    dst[oy * wo + ox] = sum * inv;
                }
        });
        GradMode.Record(y, () =>
        {
            var dX = x.GradOrCreate();
            BatchParallel.For(n * c, plane =>
            {
                ReadOnlySpan<float> dY = y.Grad!.Span.Slice(plane * ho * wo, ho * wo);
                var dst = dX.Span.Slice(plane * h * w, h * w);
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        var (y0, y1, x0, x1) = Window(h, w, oy * stride - padding, ox * stride - padding, kernel);
                        float g = dY[oy * wo + ox] * inv;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) dst[iy * w + ix] += g;
                    }
            });
        }, x);
        return y;
    }

    /// <summary>(N, C, H, W) → (N, C, 1, 1), the mean of each plane (AdaptiveAvgPool2d(1)).</summary>
    public static Tensor GlobalAvgPool2d(Tensor x)
    {
        NnThrow.Rank("GlobalAvgPool2d", x, 4, "(N, C, H, W)");
        int n = x.Shape[0], c = x.Shape[1], hw = x.Shape[2] * x.Shape[3];
        if (hw == 0) throw NnThrow.Shape("GlobalAvgPool2d", "expects a non-empty plane", x);
        var y = Tensor.Empty(n, c, 1, 1);
        for (int p = 0; p < n * c; p++) y.Span[p] = (float)(SumDouble(x.Span.Slice(p * hw, hw)) / hw);
        if (GradMode.WillRecord(x)) RecordGlobalAvgPool2d(x, y, n * c, hw);
        return y;
    }

    private static void RecordGlobalAvgPool2d(Tensor x, Tensor y, int planes, int hw) =>
        GradMode.Record(y, () =>
        {
            var dX = x.GradOrCreate().Span;
            ReadOnlySpan<float> dY = y.Grad!.Span;
            for (int p = 0; p < planes; p++)
            {
                float g = dY[p] / hw;
                foreach (ref float v in dX.Slice(p * hw, hw)) v += g;
            }
        }, x);

    private static (int N, int C, int H, int W, int Ho, int Wo) PoolShape(string op, Tensor x, int kernel, int stride, int padding)
    {
        NnThrow.Rank(op, x, 4, "(N, C, H, W)");
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2)
            throw new ArgumentException($"{op}: invalid kernel {kernel}, stride {stride} or padding {padding} (padding must be at most kernel/2)");
        int h = x.Shape[2], w = x.Shape[3];
        int ho = (h + 2 * padding - kernel) / stride + 1, wo = (w + 2 * padding - kernel) / stride + 1;
        if (h + 2 * padding < kernel || w + 2 * padding < kernel)
            throw NnThrow.Shape(op, $"kernel {kernel} does not fit the padded input", x);
        return (x.Shape[0], x.Shape[1], h, w, ho, wo);
    }

    /// <summary>The window [y0, y1) × [x0, x1) clipped to the plane.</summary>
    private static (int Y0, int Y1, int X0, int X1) Window(int h, int w, int top, int left, int kernel) =>
        (Math.Max(top, 0), Math.Min(top + kernel, h), Math.Max(left, 0), Math.Min(left + kernel, w));

    /// <summary>Index of the first maximum in the clipped window, or −1 if the window lies wholly in padding.</summary>
    private static int ArgMaxInWindow(ReadOnlySpan<float> src, int h, int w, int top, int left, int kernel)
    {
        var (y0, y1, x0, x1) = Window(h, w, top, left, kernel);
        int arg = -1;
        float best = float.NegativeInfinity;
        for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++)
            {
                float v = src[iy * w + ix];
                if (arg < 0 || v > best || float.IsNaN(v))
                {
                    best = v;
                    arg = iy * w + ix;
                    if (float.IsNaN(v)) return arg;
                }
            }
        return arg;
    }
}
