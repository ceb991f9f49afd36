using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static FaceAlign.Kernels.DepthwisePlanes;

namespace FaceAlign.Kernels;

/// <summary>
/// Depthwise 3×3 convolution of one image, padding 1, stride 1 or 2, with bias and a fused activation.
/// input (C, H, W), weight (C, 3, 3), bias (C) or empty, output (C, Ho, Wo) with Ho = (H + 2 − 3) / stride + 1.
/// Backward passes accumulate (+=) into their gradient buffers (the input gradient may also be written fresh). SIMD
/// along the width over padded planes (<see cref="DepthwisePlanes"/>); forwards with output rows up to 64 px, or planes
/// that fit in L2, walk column strips of Vector512 or Vector256 straight down the input instead
/// (DepthwiseConv3x3.Vector512.cs, .Vector256.cs), and so do the stride-1 input gradient (a forward with the kernel
/// rotated by 180°) and, with Vector512, the weight gradient (DepthwiseConv3x3.WeightGradient.Vector512.cs). Channels
/// run in parallel when the image is big enough.
/// </summary>
public static unsafe partial class DepthwiseConv3x3
{
    /// <summary>Which implementation runs; tests force each one.</summary>
    internal enum Path
    {
        Scalar,
        Vector256,
        Vector512,
    }

    // Below this many input elements a second thread costs more to start than it saves.
    private const long ParallelMinElements = 32 * 1024;

    /// <summary>
    /// output (C, Ho, Wo) = act(conv(input (C, H, W), weight) + bias); output is overwritten. A
    /// <paramref name="leakySlope"/> applies a leaky ReLU instead of <paramref name="activation"/> (which must be None).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, int channels, int height, int width,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int stride, Span<float> output, Activation activation, float? leakySlope = null) =>
        Forward(input, channels, height, width, weight, bias, stride, output, new Epilogue(activation, leakySlope), FastestPath);

    internal static void Forward(ReadOnlySpan<float> input, int channels, int height, int width,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int stride, Span<float> output, Activation activation, Path path) =>
        Forward(input, channels, height, width, weight, bias, stride, output, new Epilogue(activation, null), path);

    /// <summary>dInput (C, H, W) += convᵀ(dOutput (C, Ho, Wo), weight).</summary>
    public static void BackwardInput(ReadOnlySpan<float> dOutput, int channels, int height, int width,
        ReadOnlySpan<float> weight, int stride, Span<float> dInput) =>
        BackwardInput(dOutput, channels, height, width, weight, stride, dInput, FastestPath, accumulate: true);

    /// <summary>dInput (C, H, W) = convᵀ(dOutput, weight), overwriting dInput unless <paramref name="accumulate"/>.</summary>
    internal static void BackwardInput(ReadOnlySpan<float> dOutput, int channels, int height, int width,
        ReadOnlySpan<float> weight, int stride, Span<float> dInput, bool accumulate) =>
        BackwardInput(dOutput, channels, height, width, weight, stride, dInput, FastestPath, accumulate);

    /// <summary>dWeight (C, 3, 3) += Σ input ⊗ dOutput; dBias (C) += Σ dOutput (skipped when empty).</summary>
    public static void BackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int channels, int height, int width,
        int stride, Span<float> dWeight, Span<float> dBias) =>
        BackwardWeight(input, dOutput, channels, height, width, stride, dWeight, dBias, FastestPath);

    private static Path FastestPath =>
        Vector512.IsHardwareAccelerated ? Path.Vector512 : Vector256.IsHardwareAccelerated ? Path.Vector256 : Path.Scalar;

    // The overloads below take a path (tests run each, to cover machines without AVX or AVX-512).

    internal static void Forward(ReadOnlySpan<float> input, int channels, int height, int width,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int stride, Span<float> output, Epilogue epilogue, Path path)
    {
        Validate(channels, height, width, stride, input.Length, weight.Length, output.Length, nameof(output));
        if (!bias.IsEmpty && bias.Length < channels)
            throw new ArgumentException($"bias holds {bias.Length} values for {channels} channels", nameof(bias));
        bool hasBias = !bias.IsEmpty;
        fixed (float* x = input, w = weight, b = bias, y = output)
        {
            var plan = new ForwardPlan(x, input.Length, height, width, w, hasBias ? b : null, stride, y, epilogue, path);
            if (ComputeThreads.Available <= 1 || channels < 2 || (long)channels * height * width < ParallelMinElements)
                plan.Channels(0, channels);
            else
                ForEachChannel(channels, (long)channels * height * width, plan.Channel);
        }
    }

    /// <summary>One forward call's arguments, so the single-threaded loop needs no closure.</summary>
    private readonly struct ForwardPlan(float* x, int inputLength, int height, int width, float* w, float* bias, int stride,
        float* y, Epilogue epilogue, Path path)
    {
        private readonly nint x = (nint)x, xEnd = (nint)(x + inputLength), w = (nint)w, bias = (nint)bias, y = (nint)y;
        private readonly int height = height, width = width, stride = stride;
        private readonly Epilogue epilogue = epilogue;
        private readonly Path path = path;

        public void Channels(int first, int end)
        {
            for (int c = first; c < end; c++)
                Channel(c);
        }

        public void Channel(int c)
        {
            var (ho, wo) = OutputSize(height, width, stride);
            ForwardChannel((float*)x + c * height * width, height, width, (float*)w + c * 9, bias == 0 ? 0f : ((float*)bias)[c],
                stride, (float*)y + c * ho * wo, epilogue, path, (float*)x, (float*)xEnd);
        }
    }

    /// <summary>One channel's forward on <paramref name="path"/>; [xStart, xEnd) is the readable input around xc.</summary>
    private static void ForwardChannel(float* xc, int height, int width, float* wc, float bc, int stride, float* yc, Epilogue epilogue,
        Path path, float* xStart, float* xEnd)
    {
        var (_, wo) = OutputSize(height, width, stride);
        if (path == Path.Scalar || !UsesStrips(height, width, wo))
            ForwardPadded(xc, height, width, wc, bc, stride, yc, epilogue, path != Path.Scalar);
        else if (path == Path.Vector512)
        {
            if (stride == 1) ForwardPlane512(xc, height, width, wc, bc, yc, epilogue);
            else ForwardPlane512Stride2(xc, height, width, wc, bc, yc, epilogue, xStart, xEnd);
        }
        else if (stride == 1)
            ForwardPlane256(xc, height, width, wc, bc, yc, epilogue, xStart, xEnd);
        else
            ForwardPlane256Stride2(xc, height, width, wc, bc, yc, epilogue, xStart, xEnd);
    }

    /// <summary>
    /// dInput (C, H, W) = convᵀ(dOutput, weight), added to dInput when <paramref name="accumulate"/>, else overwriting it.
    /// Stride 1 is the forward correlation of dOutput with the kernel rotated by 180° (dX[y][x] = Σ w[2−a][2−b] ·
    /// Gpad[y+a][x+b]), so it runs the forward's kernels on <paramref name="path"/>, strips included.
    /// </summary>
    internal static void BackwardInput(ReadOnlySpan<float> dOutput, int channels, int height, int width,
        ReadOnlySpan<float> weight, int stride, Span<float> dInput, Path path, bool accumulate)
    {
        Validate(channels, height, width, stride, dInput.Length, weight.Length, dOutput.Length, nameof(dOutput));
        var (ho, wo) = OutputSize(height, width, stride);
        fixed (float* g = dOutput, w = weight, dx = dInput)
        {
            nint pg = (nint)g, pgEnd = (nint)(g + dOutput.Length), pw = (nint)w, pdx = (nint)dx;
            ForEachChannel(channels, (long)channels * height * width, c =>
            {
                float* gc = (float*)pg + c * ho * wo, wc = (float*)pw + c * 9, dxc = (float*)pdx + c * height * width;
                if (stride == 1)
                {
                    float* flipped = stackalloc float[9];
                    for (int i = 0; i < 9; i++)
                        flipped[i] = wc[8 - i];
                    float* into = accumulate ? ThreadScratch.Get(ThreadScratch.Slot.Plane2, height * width) : dxc;
                    ForwardChannel(gc, height, width, flipped, 0f, 1, into, default, path, (float*)pg, (float*)pgEnd);
                    if (accumulate)
                        AddInto(into, dxc, height * width);
                    return;
                }
                if (!accumulate)
                    new Span<float>(dxc, height * width).Clear();
                BackwardInputStride2(gc, height, width, wc, dxc, path != Path.Scalar);
            });
        }
    }

    internal static void BackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int channels, int height, int width,
        int stride, Span<float> dWeight, Span<float> dBias, Path path)
    {
        Validate(channels, height, width, stride, input.Length, dWeight.Length, dOutput.Length, nameof(dOutput));
        if (!dBias.IsEmpty && dBias.Length < channels)
            throw new ArgumentException($"dBias holds {dBias.Length} values for {channels} channels", nameof(dBias));
        var (ho, wo) = OutputSize(height, width, stride);
        bool hasBias = !dBias.IsEmpty;
        fixed (float* x = input, g = dOutput, dw = dWeight, db = dBias)
        {
            nint px = (nint)x, pxEnd = (nint)(x + input.Length), pg = (nint)g, pgEnd = (nint)(g + dOutput.Length), pdw = (nint)dw, pdb = (nint)db;
            ForEachChannel(channels, (long)channels * height * width, c =>
            {
                float* xc = (float*)px + c * height * width, gc = (float*)pg + c * ho * wo, dwc = (float*)pdw + c * 9;
                float* dbc = hasBias ? (float*)pdb + c : null;
                if (path == Path.Vector512 && UsesStrips(height, width, wo))
                    WeightPlane512(xc, gc, height, width, stride, dwc, dbc, (float*)px, (float*)pxEnd, (float*)pg, (float*)pgEnd);
                else
                    WeightPlane(Prepare(xc, height, width, stride, path != Path.Scalar), gc, ho, wo, dwc, dbc, path != Path.Scalar);
            });
        }
    }

    private static void ForwardPadded(float* x, int height, int width, float* w, float bias, int stride, float* y, Epilogue epilogue, bool simd)
    {
        var (ho, wo) = OutputSize(height, width, stride);
        Plane9(Prepare(x, height, width, stride, simd), w, y, ho, wo, bias, epilogue, simd);
    }

    /// <summary>dst[i] += src[i] for i &lt; count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddInto(float* src, float* dst, int count)
    {
        int i = 0;
        for (; i + 16 <= count; i += 16)
            Vector512.Store(Vector512.Load(dst + i) + Vector512.Load(src + i), dst + i);
        for (; i < count; i++)
            dst[i] += src[i];
    }

    /// <summary>dx (H × W) += stride-2 convᵀ(g (Ho × Wo), w).</summary>
    private static void BackwardInputStride2(float* g, int height, int width, float* w, float* dx, bool simd)
    {
        var (ho, wo) = OutputSize(height, width, 2);
        int gs = wo + 2;
        float* gp = ThreadScratch.Get(ThreadScratch.Slot.Plane2, (ho + 2) * gs + Slack);
        Pad(g, ho, wo, gp);
        // Padded input row r = 2·oy + ky receives, in the column-parity split of Split(),
        // even[j] += w[ky,0]·g[oy][j] + w[ky,2]·g[oy][j−1] and odd[j] += w[ky,1]·g[oy][j]. Row t+1 of gp is g[t]
        // shifted by one. Rows r = 2t draw on g[t] (ky = 0) and g[t−1] (ky = 2), rows r = 2t+1 on g[t] (ky = 1); each
        // family is one flat pass over gp (its planes share gp's row stride), then each row is merged into dX.
        int evenRows = height / 2 + 1, oddRows = (height + 1) / 2;
        int planeRoom = ((evenRows * gs + Slack) + 7) & ~7;
        float* evenE = ThreadScratch.Get(ThreadScratch.Slot.Plane1, 4 * planeRoom + 16);
        float* evenO = evenE + planeRoom, oddE = evenO + planeRoom, oddO = oddE + planeRoom, merged = oddO + planeRoom;
        Taps(simd, evenE, evenRows * gs, gp + gs + 1, w[0], gp + gs, w[2], gp + 1, w[6], gp, w[8]);
        Taps(simd, evenO, evenRows * gs, gp + gs + 1, w[1], gp + 1, w[7]);
        Taps(simd, oddE, oddRows * gs, gp + gs + 1, w[3], gp + gs, w[5]);
        Taps(simd, oddO, oddRows * gs, gp + gs + 1, w[4]);
        for (int r = 1; r <= height; r++)
        {
            int row = r / 2 * gs;
            if (r % 2 == 0)
                MergeAdd(evenE + row, evenO + row, merged, dx + (r - 1) * width, width, simd);
            else
                MergeAdd(oddE + row, oddO + row, merged, dx + (r - 1) * width, width, simd);
        }
    }

    /// <summary>The input channel as taps in this thread's scratch: padded (stride 1) or split by column parity (stride 2).</summary>
    private static TapPlane Prepare(float* x, int height, int width, int stride, bool simd)
    {
        if (stride == 1)
        {
            int ps = width + 2;
            float* p = ThreadScratch.Get(ThreadScratch.Slot.Plane0, (height + 2) * ps + Slack);
            Pad(x, height, width, p);
            return TapPlane.Dense(p, ps);
        }
        int es = (width - 1) / 2 + 2;
        float* even = ThreadScratch.Get(ThreadScratch.Slot.Plane0, (height + 2) * es + Slack);
        float* odd = ThreadScratch.Get(ThreadScratch.Slot.Plane1, (height + 2) * es + Slack);
        Split(x, height, width, even, odd, simd);
        return TapPlane.Strided(even, odd, es);
    }

    private static void ForEachChannel(int channels, long elements, Action<int> channel)
    {
        int threads = ComputeThreads.Available;
        if (threads <= 1 || channels < 2 || elements < ParallelMinElements)
        {
            for (int c = 0; c < channels; c++)
                channel(c);
            return;
        }
        // One contiguous block of channels per thread: each thread keeps its padded planes warm in its own cache.
        int blocks = Math.Min(threads, channels), size = (channels + blocks - 1) / blocks;
        Parallel.For(0, blocks, ComputeThreads.Options, block =>
        {
            for (int c = block * size, end = Math.Min(channels, c + size); c < end; c++)
                channel(c);
        });
    }

    private static (int Ho, int Wo) OutputSize(int height, int width, int stride) =>
        ((height - 1) / stride + 1, (width - 1) / stride + 1);

    private static (int Ho, int Wo) Validate(int channels, int height, int width, int stride,
        int imageLength, int weightLength, int outLength, string outName)
    {
        if (stride is not (1 or 2))
            throw new NotSupportedException($"depthwise 3×3 stride {stride} (only 1 and 2 are implemented)");
        if (channels < 0 || height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"bad depthwise shape C={channels}, H={height}, W={width}");
        var (ho, wo) = OutputSize(height, width, stride);
        if (imageLength < (long)channels * height * width)
            throw new ArgumentException($"image buffer holds {imageLength} values; (C, H, W) = ({channels}, {height}, {width}) needs {(long)channels * height * width}");
        if (weightLength < (long)channels * 9)
            throw new ArgumentException($"weight buffer holds {weightLength} values; {channels} channels need {channels * 9}");
        if (outLength < (long)channels * ho * wo)
            throw new ArgumentException($"{outName} holds {outLength} values; (C, Ho, Wo) = ({channels}, {ho}, {wo}) needs {(long)channels * ho * wo}", outName);
        return (ho, wo);
    }
}
