// Nearest and bilinear upsampling of (N, C, H, W) to a target size, forward and backward, with PyTorch's index
// rules (F.interpolate): nearest reads src = floor(dst · in/out); bilinear uses align_corners=False, i.e. the
// half-pixel mapping src = (dst + 0.5) · in/out − 0.5 clamped at 0. ×2 is the FPN case; any size is allowed so
// odd feature maps can be matched as RetinaFace does.
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public static partial class Functional
{
    public static Tensor UpsampleNearest(Tensor x, int outHeight, int outWidth)
    {
        var (n, c, h, w) = ResizeShape("UpsampleNearest", x, outHeight, outWidth);
        var rows = NearestIndex(h, outHeight);
        var cols = NearestIndex(w, outWidth);
        var y = Tensor.Empty(n, c, outHeight, outWidth);
        BatchParallel.For(n * c, p =>
        {
            ReadOnlySpan<float> src = x.Span.Slice(p * h * w, h * w);
            var dst = y.Span.Slice(p * outHeight * outWidth, outHeight * outWidth);
            for (int oy = 0; oy < outHeight; oy++)
                for (int ox = 0; ox < outWidth; ox++) dst[oy * outWidth + ox] = src[rows[oy] * w + cols[ox]];
        });
        GradMode.Record(y, () =>
        {
            var dX = x.GradOrCreate();
            BatchParallel.For(n * c, p =>
            {
                ReadOnlySpan<float> dY = y.Grad!.Span.Slice(p * outHeight * outWidth, outHeight * outWidth);
                var dst = dX.Span.Slice(p * h * w, h * w);
                for (int oy = 0; oy < outHeight; oy++)
                    for (int ox = 0; ox < outWidth; ox++) dst[rows[oy] * w + cols[ox]] += dY[oy * outWidth + ox];
            });
        }, x);
        return y;
    }

    public static Tensor UpsampleBilinear(Tensor x, int outHeight, int outWidth)
    {
        var (n, c, h, w) = ResizeShape("UpsampleBilinear", x, outHeight, outWidth);
        var rows = BilinearTaps(h, outHeight);
        var cols = BilinearTaps(w, outWidth);
        var y = Tensor.Empty(n, c, outHeight, outWidth);
        BatchParallel.For(n * c, p =>
        {
            ReadOnlySpan<float> src = x.Span.Slice(p * h * w, h * w);
            var dst = y.Span.Slice(p * outHeight * outWidth, outHeight * outWidth);
            for (int oy = 0; oy < outHeight; oy++)
            {
                var (y0, y1, ly) = rows[oy];
                for (int ox = 0; ox < outWidth; ox++)
                {
                    var (x0, x1, lx) = cols[ox];
                    float top = src[y0 * w + x0] * (1 - lx) + src[y0 * w + x1] * lx;
                    float bottom = src[y1 * w + x0] * (1 - lx) + src[y1 * w + x1] * lx;
                    dst[oy * outWidth + ox] = top * (1 - ly) + bottom * ly;
                }
            }
        });
        GradMode.Record(y, () =>
        {
            var dX = x.GradOrCreate();
            BatchParallel.For(n * c, p =>
            {
                ReadOnlySpan<float> dY = y.Grad!.Span.Slice(p * outHeight * outWidth, outHeight * outWidth);
                var dst = dX.Span.Slice(p * h * w, h * w);
                for (int oy = 0; oy < outHeight; oy++)
                {
                    var (y0, y1, ly) = rows[oy];
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        var (x0, x1, lx) = cols[ox];
                        float g = dY[oy * outWidth + ox];
                        dst[y0 * w + x0] += g * (1 - ly) * (1 - lx);
                        dst[y0 * w + x1] += g * (1 - ly) * lx;
                        dst[y1 * w + x0] += g * ly * (1 - lx);
                        dst[y1 * w + x1] += g * ly * lx;
                    }
                }
            });
        }, x);
        return y;
    }

    private static (int N, int C, int H, int W) ResizeShape(string op, Tensor x, int outHeight, int outWidth)
    {
        NnThrow.Rank(op, x, 4, "(N, C, H, W)");
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"{op}: invalid output size {outHeight}×{outWidth}");
        if (x.Shape[2] < 1 || x.Shape[3] < 1) throw NnThrow.Shape(op, "expects a non-empty plane", x);
        return (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
    }

    private static int[] NearestIndex(int inSize, int outSize)
    {
        float scale = (float)inSize / outSize;
        var index = new int[outSize];
        for (int o = 0; o < outSize; o++) index[o] = Math.Min((int)MathF.Floor(o * scale), inSize - 1);
        return index;
    }

    private static (int I0, int I1, float Lambda)[] BilinearTaps(int inSize, int outSize)
    {
        float scale = (float)inSize / outSize;
        var taps = new (int, int, float)[outSize];
        for (int o = 0; o < outSize; o++)
        {
            float src = Math.Max((o + 0.5f) * scale - 0.5f, 0f);
            int i0 = Math.Min((int)src, inSize - 1);
            int i1 = Math.Min(i0 + 1, inSize - 1);
            taps[o] = (i0, i1, src - i0);
        }
        return taps;
    }
}
