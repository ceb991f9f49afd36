using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceAlign.Kernels;

/// <summary>
/// The forward product of a convolution with its epilogue in the register tile:
/// Y (M×N) = act(W (M×K) · X (K×N) + bias + addend), all row-major and contiguous. X is the image itself (1×1
/// convs) or its im2col matrix, and W are read in place: unlike <see cref="Gemm.Sgemm"/> nothing is packed, since a
/// tile's X panel is just K rows of 32 (or 16) consecutive pixels and its W panel 8 (or 6) rows of W; with K at most
/// a few hundred both stay in L1/L2 without blocking (X's size picks the order of tiles and panels, see Tiles). Bias,
/// the optional addend (a residual) and the activation are applied before the single store of each tile, so no second
/// pass runs over Y. Leftover columns (fewer than a
/// tile) go through a zero-padded copy of X's last columns and a stack tile, so nothing is read or written past the
/// matrices; on AVX-512 they run 8 at a time (<see cref="Kernel8x8"/>) instead of as a whole 32-wide tile.
/// </summary>
public static unsafe partial class ConvGemm
{
    /// <summary>Which implementation runs; tests force each one, <see cref="Auto"/> picks by hardware.</summary>
    internal enum Path
    {
        Auto,
        Scalar,
        Vector256,
        Vector512,
    }

    /// <summary>A register-blocked MR×NR tile over a packed W panel and X rows read in place.</summary>
    internal interface ITileKernel
    {
        static abstract int MR { get; }
        static abstract int NR { get; }

        /// <summary>
        /// c[i, j] = act(bias[i] + Σₚ w[i·ldw + p] · b[p·ldb + j] (+ addend[i·ldc + j])) for i &lt; rows ≤ MR, j &lt; NR;
        /// bias may be null (zero); addend, when not null, has C's layout. All MR rows of W and bias are read (the
        /// driver pads the last row panel), only the first <paramref name="rows"/> of addend are read and of C written.
        /// </summary>
        static abstract void Run(int k, float* w, nint ldw, float* b, nint ldb, float* c, nint ldc, float* bias, float* addend, int rows, Epilogue epilogue);
    }

    // Below this many multiply-adds a second thread costs more to start than it saves.
    private const long ParallelMinMacs = 1 << 19;

    // Most floats of X (K × N) for the panel-major order: 512 KB, half of a 1 MB L2, so PFLD's 512 × 196 projection
    // input qualifies and a 64 × 3136 map does not.
    private const int PanelMajorMaxXFloats = 128 * 1024;

    /// <summary>
    /// y (M×N) = act(weight (M×K) · x (K×N) + bias (M, or empty for none) + addend (M×N, or empty)); y is overwritten
    /// and may not overlap the inputs, except that it may be the addend itself (y += W·X: a partial gradient summed in
    /// place). A <paramref name="leakySlope"/> applies a leaky ReLU instead of <paramref name="activation"/> (which must
    /// be None).
    /// </summary>
    public static void Forward(int m, int n, int k, ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> addend, Span<float> y, Activation activation, float? leakySlope = null) =>
        Forward(m, n, k, weight, x, bias, addend, y, new Epilogue(activation, leakySlope), Path.Auto, ComputeThreads.Available);

    internal static void Forward(int m, int n, int k, ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> addend, Span<float> y, Activation activation, Path path, int threads) =>
        Forward(m, n, k, weight, x, bias, addend, y, new Epilogue(activation, null), path, threads);

    internal static void Forward(int m, int n, int k, ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> addend, Span<float> y, Epilogue epilogue, Path path, int threads)
    {
        Validate(m, n, k, weight.Length, x.Length, bias.Length, addend.Length, y.Length);
        if (!addend.IsEmpty && addend.Overlaps(y, out int offset) && offset != 0)
            throw new ArgumentException($"ConvGemm: addend overlaps y {offset} values apart; y may only be the addend itself", nameof(y));
        if (m == 0 || n == 0)
            return;
        if (path == Path.Auto)
            path = BestPath();
        fixed (float* w = weight, xs = x, b = bias, add = addend, ys = y)
        {
            var problem = new Problem(m, n, k, w, xs, bias.IsEmpty ? null : b, addend.IsEmpty ? null : add, ys, epilogue);
            if (n == 1 || k == 0 || path == Path.Scalar)
            {
                // A single column (a 1×1 output, e.g. a kernel covering the whole image) is a matrix-vector product.
                Scalar(problem);
                return;
            }
            if (path == Path.Vector512)
                Run<Kernel8x32>(problem, threads);
            else
                Run<Kernel6x16>(problem, threads);
        }
    }

    internal static Path BestPath() =>
        Vector512.IsHardwareAccelerated ? Path.Vector512
        : Vector256.IsHardwareAccelerated ? Path.Vector256
        : Path.Scalar;

    private readonly struct Problem(int m, int n, int k, float* w, float* x, float* bias, float* addend, float* y, Epilogue epilogue)
    {
        public readonly int M = m, N = n, K = k;
        public readonly float* W = w, X = x, Bias = bias, Addend = addend, Y = y;
        public readonly Epilogue Epilogue = epilogue;
    }

    private static void Validate(int m, int n, int k, int weightLength, int xLength, int biasLength, int addendLength, int yLength)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"negative ConvGemm dimension (m={m}, n={n}, k={k})");
        if (weightLength < (long)m * k)
            throw new ArgumentException($"weight holds {weightLength} values; {m}×{k} needs {(long)m * k}", "weight");
        if (xLength < (long)k * n)
            throw new ArgumentException($"x holds {xLength} values; {k}×{n} needs {(long)k * n}", "x");
        if (biasLength != 0 && biasLength < m)
            throw new ArgumentException($"bias holds {biasLength} values for {m} rows", "bias");
        if (addendLength != 0 && addendLength < (long)m * n)
            throw new ArgumentException($"addend holds {addendLength} values; {m}×{n} needs {(long)m * n}", "addend");
        if (yLength < (long)m * n)
            throw new ArgumentException($"y holds {yLength} values; {m}×{n} needs {(long)m * n}", "y");
    }

    /// <summary>
    /// Row by row: y_i = bias_i + Σₚ w[i,p] · x_p (axpy over rows of X), or dot products when N = 1. With y as its own
    /// addend the sum is formed in scratch, so the row is read as addend before it is written. (The tile kernels and
    /// Edge read a tile's addend before storing it, so they need nothing of the kind.)
    /// </summary>
    private static void Scalar(in Problem p)
    {
        bool inPlace = p.Addend == p.Y;
        float* scratch = inPlace ? ThreadScratch.Get(ThreadScratch.Slot.GemmB, p.N) : null;
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.Y + (nint)i * p.N, p.N);
            var sum = inPlace ? new Span<float>(scratch, p.N) : row;
            var wRow = new ReadOnlySpan<float>(p.W + (nint)i * p.K, p.K);
            sum.Fill(p.Bias == null ? 0f : p.Bias[i]);
            if (p.N == 1)
                sum[0] += TensorPrimitives.Dot(wRow, new ReadOnlySpan<float>(p.X, p.K));
            else
                for (int q = 0; q < p.K; q++)
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(p.X + (nint)q * p.N, p.N), wRow[q], sum, sum);
            if (p.Addend != null)
                TensorPrimitives.Add(sum, new ReadOnlySpan<float>(p.Addend + (nint)i * p.N, p.N), row);
            p.Epilogue.Apply(row);
        }
    }

    private static void Run<TKernel>(Problem p, int threads) where TKernel : struct, ITileKernel
    {
        int tiles = CeilDiv(p.N, TKernel.NR);
        long macs = (long)p.M * p.N * p.K;
        int chunks = threads <= 1 || macs < ParallelMinMacs ? 1 : Math.Min(threads, tiles);
        if (chunks <= 1)
        {
            Tiles<TKernel>(p, 0, tiles);
            return;
        }
        RunParallel<TKernel>(p, tiles, chunks, threads);
    }

    // Contiguous ranges of whole column tiles: each element of Y is computed by the same operations whatever the thread
    // count, so results are bit-identical. (A method of its own so the serial path allocates no closure.)
    private static void RunParallel<TKernel>(Problem p, int tiles, int chunks, int threads) where TKernel : struct, ITileKernel =>
        Parallel.For(0, chunks, ComputeThreads.OptionsFor(threads), t => Tiles<TKernel>(p, tiles * t / chunks, tiles * (t + 1) / chunks));

    /// <summary>
    /// Column tiles [firstTile, endTile). When X (K × N) fits in half of L2 (a 1×1 conv on a small map: PFLD's 14×14 and
    /// 28×28 blocks), row panel by row panel (<see cref="PanelMajor{TKernel}"/>); otherwise tile by tile
    /// (<see cref="TileMajor{TKernel}"/>). Every element of Y is computed by the same operations in either order.
    /// </summary>
    private static void Tiles<TKernel>(in Problem p, int firstTile, int endTile) where TKernel : struct, ITileKernel
    {
        if ((long)p.K * p.N <= PanelMajorMaxXFloats)
            PanelMajor<TKernel>(p, firstTile, endTile);
        else
            TileMajor<TKernel>(p, firstTile, endTile);
    }

    /// <summary>
    /// Each panel of W (MR rows of K) through all the tiles, the next panel prefetched into L2 meanwhile, and X read
    /// again per panel from L2. W is then fetched from memory once, spread over the whole product. Tile by tile, all of
    /// W was fetched during the first tile, a burst the kernel cannot hide when W comes from DRAM (PFLD-1X's 4.8 MB of
    /// weights, once a shared machine's other tenants have evicted them from L3). The whole 1X network, in one process
    /// alternating the two orders, medians of four runs: 5.65 → 5.56, 5.85 → 5.70, 5.63 → 5.51, 5.54 → 5.44 ms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelMajor<TKernel>(in Problem p, int firstTile, int endTile) where TKernel : struct, ITileKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = p.K;
        var rows = new RowPanels(p, mr);
        // The last tile may be partial (N not a multiple of NR); it goes through Edge.
        int wholeEnd = Math.Min(endTile, p.N / nr);
        for (int ir = 0; ir < p.M && firstTile < wholeEnd; ir += mr)
        {
            if (ir + mr < p.M)
                PrefetchToL2(rows.Weights(ir + mr), mr * k);
            float* w = rows.Weights(ir), bias = rows.Bias(ir);
            int panelRows = Math.Min(mr, p.M - ir);
            for (int t = firstTile; t < wholeEnd; t++)
            {
                int j = t * nr;
                float* add = p.Addend == null ? null : p.Addend + (nint)ir * p.N + j;
                TKernel.Run(k, w, k, p.X + j, p.N, p.Y + (nint)ir * p.N + j, p.N, bias, add, panelRows, p.Epilogue);
            }
        }
        if (endTile > wholeEnd)
            Edge<TKernel>(p, rows, wholeEnd * nr, p.N - wholeEnd * nr);
    }

    /// <summary>
    /// Each tile's X panel (K × NR, in L1 when K is small) through all the panels of W (from L2). For big X: a 3×3 conv
    /// by im2col, 64 × 3136 × 576, ran 2.15 ms this way against 2.49 ms panel-major with X in L2-sized blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileMajor<TKernel>(in Problem p, int firstTile, int endTile) where TKernel : struct, ITileKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR, k = p.K;
        var rows = new RowPanels(p, mr);
        for (int t = firstTile; t < endTile; t++)
        {
            int j = t * nr, cols = Math.Min(nr, p.N - j);
            if (cols < nr)
            {
                Edge<TKernel>(p, rows, j, cols);
                continue;
            }
            for (int ir = 0; ir < p.M; ir += mr)
            {
                float* add = p.Addend == null ? null : p.Addend + (nint)ir * p.N + j;
                TKernel.Run(k, rows.Weights(ir), k, p.X + j, p.N, p.Y + (nint)ir * p.N + j, p.N, rows.Bias(ir), add,
                    Math.Min(mr, p.M - ir), p.Epilogue);
            }
        }
    }

    /// <summary>Asks for <paramref name="count"/> floats from <paramref name="p"/> in L2, one request per cache line (x86 only; a hint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchToL2(float* p, int count)
    {
        if (!Sse.IsSupported)
            return;
        for (int i = 0; i < count; i += 16)
            Sse.Prefetch1(p + i);
    }

    /// <summary>
    /// W and bias by panels of MR rows, in place except the last panel when M is not a multiple of MR: that one is a
    /// zero-padded copy in this thread's scratch, so the kernels read all MR rows without bounds checks.
    /// </summary>
    private readonly struct RowPanels
    {
        private readonly float* weights, bias, lastWeights, lastBias;
        private readonly int k, lastRow;

        public RowPanels(in Problem p, int mr)
        {
            weights = p.W;
            bias = p.Bias;
            k = p.K;
            lastRow = p.M % mr == 0 ? p.M : p.M - p.M % mr;
            if (lastRow == p.M)
                return;
            int rows = p.M - lastRow;
            lastWeights = ThreadScratch.Get(ThreadScratch.Slot.GemmA, mr * k + mr);
            lastBias = lastWeights + mr * k;
            new ReadOnlySpan<float>(p.W + (nint)lastRow * k, rows * k).CopyTo(new Span<float>(lastWeights, rows * k));
            new Span<float>(lastWeights + rows * k, (mr - rows) * k).Clear();
            new Span<float>(lastBias, mr).Clear();
            if (p.Bias != null)
                new ReadOnlySpan<float>(p.Bias + lastRow, rows).CopyTo(new Span<float>(lastBias, rows));
        }

        public float* Weights(int row) => row < lastRow ? weights + (nint)row * k : lastWeights;

        public float* Bias(int row) => row < lastRow ? (bias == null ? null : bias + row) : lastBias;
    }

    /// <summary>
    /// Columns [j, j + cols), fewer than a tile: through a zero-padded copy of X's columns and a stack tile, 8 columns
    /// per <see cref="Kernel8x8"/> call when its 8 rows match the tile's (AVX-512), else one full-width call.
    /// </summary>
    private static void Edge<TKernel>(in Problem p, in RowPanels panels, int j, int cols) where TKernel : struct, ITileKernel
    {
        int k = p.K, mr = TKernel.MR, nr = TKernel.NR;
        bool narrow = mr == Kernel8x8.MR;
        int step = narrow ? Kernel8x8.NR : nr, width = RoundUp(cols, step);
        float* tile = stackalloc float[mr * nr];
        float* addTile = stackalloc float[mr * nr];
        float* panel = ThreadScratch.Get(ThreadScratch.Slot.GemmB, k * width);
        for (int q = 0; q < k; q++)
        {
            var row = new Span<float>(panel + q * width, width);
            new ReadOnlySpan<float>(p.X + (nint)q * p.N + j, cols).CopyTo(row);
            row[cols..].Clear();
        }
        for (int ir = 0; ir < p.M; ir += mr)
        {
            int rows = Math.Min(mr, p.M - ir);
            if (p.Addend != null)
                for (int r = 0; r < rows; r++)
                    new ReadOnlySpan<float>(p.Addend + (nint)(ir + r) * p.N + j, cols).CopyTo(new Span<float>(addTile + r * nr, cols));
            float* add = p.Addend == null ? null : addTile;
            for (int c = 0; c < width; c += step)
            {
                if (narrow)
                    Kernel8x8.Run(k, panels.Weights(ir), k, panel + c, width, tile + c, nr, panels.Bias(ir), add == null ? null : add + c, rows, p.Epilogue);
                else
                    TKernel.Run(k, panels.Weights(ir), k, panel + c, width, tile + c, nr, panels.Bias(ir), add == null ? null : add + c, rows, p.Epilogue);
            }
            for (int r = 0; r < rows; r++)
                new ReadOnlySpan<float>(tile + r * nr, cols).CopyTo(new Span<float>(p.Y + (nint)(ir + r) * p.N + j, cols));
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static int RoundUp(int a, int multiple) => CeilDiv(a, multiple) * multiple;
}
