using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

/// <summary>
/// A groups-1, dilation-1 convolution computed from the image without an im2col matrix. Picked (<see cref="Suits"/>)
/// for few taps per output (C_in·kh·kw ≤ 32: RetinaFace's and PFLD's first conv, 3 → 8 or 16 channels, 3×3, stride 2,
/// whose column matrix of 27 rows × every output pixel was written and read back from memory for a product of 8 or 16
/// rows) and for big output planes whatever the taps (the detector's 3×3 FPN/SSH convs at stride 8), where the column
/// matrix no longer fits in cache. The output rows are processed in bands: the input rows a band needs are copied
/// into a padded buffer that stays in L2, with their columns split by phase (stride 2: even and odd padded columns),
/// so every tap of a run of consecutive output pixels is one contiguous vector load. Each block of 8 output channels
/// × 16 (Vector512) or 8 (Vector256) pixels is accumulated in registers over all taps, biased and activated (leaky
/// ReLU too), and stored once.
/// input (C_in, H, W), weight (C_out, C_in, kh, kw), bias (C_out) or empty, output (C_out, Ho, Wo).
/// </summary>
public static unsafe partial class DirectConv
{
    /// <summary>Which implementation runs; tests force each one.</summary>
    internal enum Path
    {
        Scalar,
        Vector256,
        Vector512,
    }

    /// <summary>Most taps (C_in·kh·kw) the kernel takes: its weights are regrouped into scratch per call.</summary>
    public const int MaxTaps = 4096;

    /// <summary>Up to this many taps <see cref="Suits"/> picks this kernel on any output size.</summary>
    public const int PreferredMaxTaps = 32;

    /// <summary>
    /// From this many output pixels on <see cref="Suits"/> picks this kernel whatever the taps: on big planes the
    /// im2col matrix (taps × pixels) no longer stays in cache and costs more than the product saves with its wider
    /// register tile.
    /// </summary>
    public const int PreferredMinPixels = 2048;

    /// <summary>
    /// From this many output pixels on, up to <see cref="MediumMaxTaps"/> taps (32 channels × 3×3) still go here:
    /// at 40×30, 32 → 24 channels ran 0.22 ms against 0.27 by im2col, 8 → 8 0.02 against 0.028; with 64 × 9 taps the
    /// two were within noise of each other, and at 20×15 im2col won (64 → 64: 0.29 against 0.43 ms).
    /// </summary>
    public const int MediumMinPixels = 768;

    /// <summary>Most taps for the medium planes of <see cref="MediumMinPixels"/>.</summary>
    public const int MediumMaxTaps = 288;

    // Output channels per register block: 8 accumulators, one per channel, each a vector of consecutive pixels.
    private const int BlockChannels = 8;

    // Widest vector (pixels), so the padded rows hold a whole vector past the last output pixel.
    private const int MaxVector = 16;

    // A band's padded input rows are kept near this many floats (192 KB), well inside L2.
    private const int BandFloats = 48 * 1024;

    // Below this many multiply-adds a second thread costs more to start than it saves.
    private const long ParallelMinMacs = 1 << 19;

    /// <summary>Whether this kernel computes a convolution of geometry <paramref name="g"/> (groups 1).</summary>
    public static bool Handles(in ConvGeometry g) =>
        g.DilationHeight == 1 && g.DilationWidth == 1 && g.ColumnRows <= MaxTaps;

    /// <summary>Whether this kernel is the faster route for geometry <paramref name="g"/> (measured; see Kernels/README.md).</summary>
    public static bool Suits(in ConvGeometry g, int outChannels) =>
        Handles(g) && (IsPointwise(g)
            ? g.Channels <= 8 && (long)g.Height * g.Width % 512 == 0
            : g.ColumnRows <= PreferredMaxTaps || OutputPixels(g) >= PreferredMinPixels
              || (OutputPixels(g) >= MediumMinPixels && g.ColumnRows <= MediumMaxTaps));

    private static long OutputPixels(in ConvGeometry g) => (long)g.OutputHeight * g.OutputWidth;

    // A 1×1 conv is a product ConvGemm takes on the image in place, except with few input channels on a plane of a
    // multiple of 512 floats (2 KB; 320×240 is 75 × 4 KB): there its 32-wide tiles' rows fall into the same L1 sets
    // and 8 → 16 channels at 320×240 ran 0.40 ms against 0.31 ms here (0.23 ms at 320×241).
    private static bool IsPointwise(in ConvGeometry g) =>
        g is { KernelHeight: 1, KernelWidth: 1, StrideHeight: 1, StrideWidth: 1, PadHeight: 0, PadWidth: 0 };

    /// <summary>
    /// output (C_out, Ho, Wo) = act(conv(input (C_in, H, W), weight (C_out, C_in, kh, kw)) + bias); a
    /// <paramref name="leakySlope"/> applies a leaky ReLU instead of <paramref name="activation"/> (which must be None).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, in ConvGeometry g, int outChannels, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, Activation activation, float? leakySlope = null) =>
        Forward(input, g, outChannels, weight, bias, output, new Epilogue(activation, leakySlope), BestPath(), ComputeThreads.Available);

    internal static Path BestPath() =>
        Vector512.IsHardwareAccelerated ? Path.Vector512
        : Vector256.IsHardwareAccelerated ? Path.Vector256
        : Path.Scalar;

    internal static void Forward(ReadOnlySpan<float> input, in ConvGeometry g, int outChannels, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, Epilogue epilogue, Path path, int threads)
    {
        g.Validate();
        if (!Handles(g))
            throw new ArgumentException($"DirectConv takes dilation 1 and at most {MaxTaps} taps (C_in·kh·kw); got {g.ColumnRows} taps, dilation {g.DilationHeight}×{g.DilationWidth}");
        if (outChannels < 1)
            throw new ArgumentOutOfRangeException(nameof(outChannels), $"DirectConv needs at least one output channel, got {outChannels}");
        int taps = g.ColumnRows, ho = g.OutputHeight, wo = g.OutputWidth;
        if (input.Length < (long)g.Channels * g.Height * g.Width)
            throw new ArgumentException($"input holds {input.Length} values; ({g.Channels}, {g.Height}, {g.Width}) needs {(long)g.Channels * g.Height * g.Width}", nameof(input));
        if (weight.Length < (long)outChannels * taps)
            throw new ArgumentException($"weight holds {weight.Length} values; ({outChannels}, {g.Channels}, {g.KernelHeight}, {g.KernelWidth}) needs {(long)outChannels * taps}", nameof(weight));
        if (!bias.IsEmpty && bias.Length < outChannels)
            throw new ArgumentException($"bias holds {bias.Length} values for {outChannels} output channels", nameof(bias));
        if (output.Length < (long)outChannels * ho * wo)
            throw new ArgumentException($"output holds {output.Length} values; ({outChannels}, {ho}, {wo}) needs {(long)outChannels * ho * wo}", nameof(output));

        fixed (float* x = input, w = weight, b = bias, y = output)
        {
            long macs = (long)outChannels * ho * wo * taps;
            int workers = threads <= 1 || macs < ParallelMinMacs ? 1 : threads;
            var plan = new Plan(g, outChannels, x, w, bias.IsEmpty ? null : b, y, epilogue, path, workers);
            int bands = (ho + plan.BandRows - 1) / plan.BandRows;
            int chunks = Math.Min(workers, bands);
            if (chunks <= 1)
                plan.Bands(0, bands);
            else
                RunParallel(plan, bands, chunks, threads);
        }
    }

    // Contiguous ranges of bands; every output value is computed the same way whatever the thread count. (A method of
    // its own so the serial path allocates no closure.)
    private static void RunParallel(Plan plan, int bands, int chunks, int threads) =>
        Parallel.For(0, chunks, ComputeThreads.OptionsFor(threads), t => plan.Bands(bands * t / chunks, bands * (t + 1) / chunks));

    /// <summary>
    /// One call's geometry, its weights regrouped per block of 8 output channels as [tap][channel] (zero rows past
    /// C_out) with their bias, and each tap's offset in a band buffer.
    /// </summary>
    private readonly struct Plan
    {
        private readonly nint x, y, wT, biasT, offsets;
        private readonly int cin, height, width, ho, wo, kh, kw, strideH, strideW, padH, padW, cout, taps;
        private readonly Epilogue epilogue;
        private readonly Path path;

        /// <summary>Output rows per band; all but the last band are this tall.</summary>
        public readonly int BandRows;

        // Floats per phase row (a multiple of 16), padded input rows per band, floats per row of the edge tile.
        private readonly int phaseWidth, bandInputRows, tileRow;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Plan(in ConvGeometry g, int outChannels, float* x, float* w, float* bias, float* y, Epilogue epilogue, Path path, int workers)
        {
            this.x = (nint)x;
            this.y = (nint)y;
            this.epilogue = epilogue;
            this.path = path;
            cin = g.Channels;
            height = g.Height;
            width = g.Width;
            ho = g.OutputHeight;
            wo = g.OutputWidth;
            kh = g.KernelHeight;
            kw = g.KernelWidth;
            strideH = g.StrideHeight;
            strideW = g.StrideWidth;
            padH = g.PadHeight;
            padW = g.PadWidth;
            cout = outChannels;
            taps = g.ColumnRows;
            // Tap kx of output column ox reads phase kx mod sW at ox + kx / sW; a whole vector from the last block
            // start must stay inside the row.
            phaseWidth = RoundUp(RoundUp(wo, MaxVector) + (kw - 1) / strideW, MaxVector);
            int rowFloats = cin * strideW * phaseWidth;
            int rows = Math.Max(1, ((BandFloats / rowFloats) - kh) / strideH + 1);
            // At least one band per worker: a 40×30 plane of 32 channels fits in a single L2-sized band.
            BandRows = Math.Min((ho + workers - 1) / workers, rows);
            bandInputRows = strideH * (BandRows - 1) + kh;
            tileRow = RoundUp(wo, MaxVector);

            int blocks = (cout + BlockChannels - 1) / BlockChannels;
            float* s = ThreadScratch.Get(ThreadScratch.Slot.Plane1, blocks * BlockChannels * (taps + 1) + taps);
            wT = (nint)s;
            biasT = (nint)(s + blocks * BlockChannels * taps);
            offsets = (nint)(s + blocks * BlockChannels * (taps + 1));
            float* wt = (float*)wT, bt = (float*)biasT;
            for (int blk = 0; blk < blocks; blk++)
                for (int c = 0; c < BlockChannels; c++)
                {
                    int o = blk * BlockChannels + c;
                    for (int t = 0; t < taps; t++)
                        wt[(blk * taps + t) * BlockChannels + c] = o < cout ? w[o * taps + t] : 0f;
                    bt[blk * BlockChannels + c] = o < cout && bias != null ? bias[o] : 0f;
                }
            int* off = (int*)offsets;
            for (int ci = 0, t = 0; ci < cin; ci++)
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++, t++)
                        off[t] = ((ci * bandInputRows + ky) * strideW + kx % strideW) * phaseWidth + kx / strideW;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Bands(int first, int end)
        {
            float* band = ThreadScratch.Get(ThreadScratch.Slot.Plane0, cin * bandInputRows * strideW * phaseWidth + strideW * phaseWidth);
            float* tile = ThreadScratch.Get(ThreadScratch.Slot.Plane2, BlockChannels * tileRow);
            for (int b = first; b < end; b++)
            {
                int oy0 = b * BandRows, rows = Math.Min(BandRows, ho - oy0);
                Fill(band, oy0, rows);
                switch (path)
                {
                    case Path.Vector512: Compute<Block512>(band, tile, oy0, rows); break;
                    case Path.Vector256: Compute<Block256>(band, tile, oy0, rows); break;
                    default: Compute<BlockScalar>(band, tile, oy0, rows); break;
                }
            }
        }

        /// <summary>
        /// The padded input rows of output rows [oy0, oy0 + rows), each split into sW phases:
        /// phase q, index j = padded column sW·j + q = input column sW·j + q − padW (0 outside the image).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Fill(float* band, int oy0, int rows)
        {
            int used = strideH * (rows - 1) + kh, phaseRow = strideW * phaseWidth;
            float* padded = band + cin * bandInputRows * phaseRow; // one padded row before the phase split
            for (int ci = 0; ci < cin; ci++)
                for (int r = 0; r < used; r++)
                {
                    float* dst = band + (ci * bandInputRows + r) * phaseRow;
                    int iy = strideH * oy0 + r - padH;
                    if (iy < 0 || iy >= height)
                    {
                        new Span<float>(dst, phaseRow).Clear();
                        continue;
                    }
                    float* src = (float*)x + ((long)ci * height + iy) * width;
                    PadRow(src, strideW == 1 ? dst : padded, phaseRow);
                    if (strideW == 2)
                        Deinterleave(padded, dst, dst + phaseWidth, phaseWidth);
                    else if (strideW > 2)
                        for (int q = 0; q < strideW; q++)
                            for (int j = 0; j < phaseWidth; j++)
                                dst[q * phaseWidth + j] = padded[strideW * j + q];
                }
        }

        /// <summary>dst[pc] = src[pc − padW] for pc &lt; length, 0 where that falls outside the input row.</summary>
        private void PadRow(float* src, float* dst, int length)
        {
            int lead = Math.Min(padW, length), copy = Math.Clamp(length - padW, 0, width);
            new Span<float>(dst, lead).Clear();
            new ReadOnlySpan<float>(src, copy).CopyTo(new Span<float>(dst + lead, copy));
            new Span<float>(dst + lead + copy, length - lead - copy).Clear();
        }

        /// <summary>
        /// Output row by row, per block of 8 channels, vector by vector. Whole blocks (8 channels, a whole vector of
        /// pixels) are stored straight to the 8 output planes; the rest go through an 8-row tile in L1 of which only
        /// the real channels and pixels are copied out, so nothing is written past the output.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Compute<TBlock>(float* band, float* tile, int oy0, int rows) where TBlock : struct, IBlock
        {
            int blocks = (cout + BlockChannels - 1) / BlockChannels, vector = TBlock.Width;
            nint plane = (nint)ho * wo;
            for (int l = 0; l < rows; l++)
            {
                float* rowBase = band + l * strideH * strideW * phaseWidth;
                for (int blk = 0; blk < blocks; blk++)
                {
                    float* w = (float*)wT + blk * taps * BlockChannels, b = (float*)biasT + blk * BlockChannels;
                    float* yRow = (float*)y + blk * BlockChannels * plane + (nint)(oy0 + l) * wo;
                    int channels = Math.Min(BlockChannels, cout - blk * BlockChannels);
                    int whole = channels == BlockChannels ? wo / vector * vector : 0;
                    for (int ox = 0; ox < whole; ox += vector)
                        TBlock.Run(rowBase + ox, (int*)offsets, taps, w, b, yRow + ox, plane, epilogue);
                    if (whole == wo)
                        continue;
                    for (int ox = whole; ox < wo; ox += vector)
                        TBlock.Run(rowBase + ox, (int*)offsets, taps, w, b, tile + ox, tileRow, epilogue);
                    for (int c = 0; c < channels; c++)
                        new ReadOnlySpan<float>(tile + c * tileRow + whole, wo - whole).CopyTo(new Span<float>(yRow + c * plane + whole, wo - whole));
                }
            }
        }
    }

    /// <summary>
    /// One register block: out[c·stride + i] = act(bias[c] + Σₜ w[t·8 + c] · p[offsets[t] + i]) for all 8 channels
    /// (the weights of channels past C_out are zero) and i &lt; Width; the band rows have the slack for a whole
    /// vector past the last output pixel, out is the output or the edge tile.
    /// </summary>
    internal interface IBlock
    {
        static abstract int Width { get; }

        static abstract void Run(float* p, int* offsets, int taps, float* w, float* bias, float* output, nint stride, Epilogue epilogue);
    }

    private readonly struct BlockScalar : IBlock
    {
        public static int Width => 1;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(float* p, int* offsets, int taps, float* w, float* bias, float* output, nint stride, Epilogue epilogue)
        {
            for (int c = 0; c < BlockChannels; c++)
            {
                float sum = bias[c];
                for (int t = 0; t < taps; t++)
                    sum += w[t * BlockChannels + c] * p[offsets[t]];
                output[c * stride] = epilogue.Apply(sum);
            }
        }
    }

    /// <summary>Splits 2·n floats (n a multiple of 16) into their even and odd elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Deinterleave(float* src, float* even, float* odd, int n)
    {
        int i = 0;
        if (Avx512F.IsSupported)
        {
            var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var odds = evens + Vector512<int>.One;
            for (; i + 16 <= n; i += 16)
            {
                var a = Vector512.Load(src + 2 * i);
                var b = Vector512.Load(src + 2 * i + 16);
                Vector512.Store(Avx512F.PermuteVar16x32x2(a, evens, b), even + i);
                Vector512.Store(Avx512F.PermuteVar16x32x2(a, odds, b), odd + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var (evens, odds) = DepthwisePlanes.Deinterleave(Vector256.Load(src + 2 * i), Vector256.Load(src + 2 * i + 8));
                evens.Store(even + i);
                odds.Store(odd + i);
            }
        }
        for (; i < n; i++)
        {
            even[i] = src[2 * i];
            odd[i] = src[2 * i + 1];
        }
    }

    private static int RoundUp(int a, int multiple) => (a + multiple - 1) / multiple * multiple;

}
