using System.Runtime.CompilerServices;

namespace FaceAlign.Kernels;

/// <summary>
/// The packed, cache-blocked SGEMM driver after Goto &amp; van de Geijn, "Anatomy of High-Performance Matrix
/// Multiplication" (TOMS 2008) and the BLIS loop order (Van Zee &amp; van de Geijn, TOMS 2015, §4):
/// jc (NC columns) → pc (KC depth, pack B into an L3-resident panel) → ic (MC rows, pack A into an L2 block)
/// → jr (NR) → ir (MR) → microkernel. Packing handles transposes and zero-pads edge panels, so the microkernel
/// only ever sees full MR×NR tiles; it stores only the rows that exist, and right-edge tiles of C go through
/// a small buffer.
/// </summary>
public static partial class Gemm
{
    /// <summary>A register-blocked MR×NR microkernel over packed panels.</summary>
    internal interface IMicroKernel
    {
        static abstract int MR { get; }
        static abstract int NR { get; }

        /// <summary>
        /// C (rows×NR, row stride ldc) = alpha · Σₚ a[p·MR + i] · b[p·NR + j] + beta · C, for p &lt; kc and i &lt; rows ≤ MR.
        /// beta = 0 must not read C. Rows past <paramref name="rows"/> are computed (on zero padding) but not stored,
        /// so a bottom-edge tile needs no buffer.
        /// </summary>
        static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int rows);
    }

    // BLIS's Zen/Haswell choice: a KC×NR micro-panel of B (16 KB) stays in L1, an MC×KC block of A (144 KB) in L2,
    // a KC×NC panel of B in L3.
    private const int KC = 256;
    private const int MC = 144;
    private const int NC = 4096;

    // Below this many multiply-adds a second thread costs more to start than it saves.
    private const long ParallelMinMacs = 1 << 19;

    /// <summary>A GEMM problem over pinned memory; slices of it are handed to threads.</summary>
    internal readonly unsafe struct Problem(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        public readonly bool TransA = transA, TransB = transB;
        public readonly int M = m, N = n, K = k;
        public readonly float Alpha = alpha, Beta = beta;
        public readonly float* A = a, B = b, C = c;
        public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;

        public Problem Columns(int j0, int count) => new(TransA, TransB, M, count, K, Alpha,
            A, Lda, TransB ? B + j0 * Ldb : B + j0, Ldb, Beta, C + j0, Ldc);

        public Problem Rows(int i0, int count) => new(TransA, TransB, count, N, K, Alpha,
            TransA ? A + i0 : A + i0 * Lda, Lda, B, Ldb, Beta, C + i0 * Ldc, Ldc);
    }

    private static unsafe void RunPacked<TKernel>(Problem problem, int threads) where TKernel : struct, IMicroKernel
    {
        long macs = (long)problem.M * problem.N * problem.K;
        if (threads <= 1 || macs < ParallelMinMacs)
        {
            RunPackedSerial<TKernel>(problem);
            return;
        }
        // Split the larger of M and N into one contiguous, tile-aligned range per thread. Every element of C is
        // then computed by the same sequence of operations as single-threaded, so results are bit-identical.
        bool splitN = problem.N >= problem.M;
        int extent = splitN ? problem.N : problem.M, tile = splitN ? TKernel.NR : TKernel.MR;
        int chunk = RoundUp(CeilDiv(extent, threads), tile);
        int chunks = CeilDiv(extent, chunk);
        if (chunks <= 1)
        {
            RunPackedSerial<TKernel>(problem);
            return;
        }
        RunPackedParallel<TKernel>(problem, threads, splitN, extent, chunk, chunks);
    }

    // A method of its own so that the serial paths above allocate no closure.
    private static void RunPackedParallel<TKernel>(Problem problem, int threads, bool splitN, int extent, int chunk, int chunks)
        where TKernel : struct, IMicroKernel =>
        Parallel.For(0, chunks, ComputeThreads.OptionsFor(threads), t =>
        {
            int start = t * chunk, count = Math.Min(chunk, extent - start);
            RunPackedSerial<TKernel>(splitN ? problem.Columns(start, count) : problem.Rows(start, count));
        });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunPackedSerial<TKernel>(Problem p) where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        // Balanced blocks: k = 257 becomes 129 + 128 rather than 256 + 1.
        int kc = CeilDiv(p.K, CeilDiv(p.K, KC));
        int mc = RoundUp(CeilDiv(p.M, CeilDiv(p.M, MC)), mr);
        int nc = RoundUp(CeilDiv(p.N, CeilDiv(p.N, NC)), nr);
        float* packedA = ThreadScratch.Get(ThreadScratch.Slot.GemmA, mc * kc);
        float* packedB = ThreadScratch.Get(ThreadScratch.Slot.GemmB, nc * kc);
        float* edge = stackalloc float[mr * nr];

        for (int jc = 0; jc < p.N; jc += nc)
        {
            int ncCur = Math.Min(nc, p.N - jc);
            for (int pc = 0; pc < p.K; pc += kc)
            {
                int kcCur = Math.Min(kc, p.K - pc);
                float beta = pc == 0 ? p.Beta : 1f;
                PackB(p, pc, jc, kcCur, ncCur, nr, packedB);
                for (int ic = 0; ic < p.M; ic += mc)
                {
                    int mcCur = Math.Min(mc, p.M - ic);
                    PackA(p, ic, pc, mcCur, kcCur, mr, packedA);
                    for (int jr = 0; jr < ncCur; jr += nr)
                    {
                        int nrCur = Math.Min(nr, ncCur - jr);
                        float* bPanel = packedB + jr * kcCur;
                        for (int ir = 0; ir < mcCur; ir += mr)
                        {
                            int mrCur = Math.Min(mr, mcCur - ir);
                            float* aPanel = packedA + ir * kcCur;
                            float* cTile = p.C + (ic + ir) * p.Ldc + jc + jr;
                            if (nrCur == nr)
                            {
                                TKernel.Run(kcCur, aPanel, bPanel, cTile, p.Ldc, p.Alpha, beta, mrCur);
                            }
                            else
                            {
                                TKernel.Run(kcCur, aPanel, bPanel, edge, nr, 1f, 0f, mrCur);
                                MergeEdge(edge, nr, cTile, p.Ldc, mrCur, nrCur, p.Alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    private static unsafe void MergeEdge(float* tile, int nr, float* c, nint ldc, int rows, int cols, float alpha, float beta)
    {
        for (int i = 0; i < rows; i++)
        {
            float* t = tile + i * nr, cRow = c + i * ldc;
            for (int j = 0; j < cols; j++)
                cRow[j] = beta == 0 ? alpha * t[j] : alpha * t[j] + beta * cRow[j];
        }
    }

    /// <summary>Packs op(A)[ic.., pc..] (mc×kc) as micro-panels of mr rows: panel[p·mr + r], zero-padded to mr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA(in Problem p, int ic, int pc, int mc, int kc, int mr, float* dst)
    {
        for (int ir = 0; ir < mc; ir += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - ir);
            if (p.TransA)
            {
                // op(A)[i, q] = A[q, i]: each depth step is a contiguous run of rows.
                float* src = p.A + (nint)pc * p.Lda + ic + ir;
                for (int q = 0; q < kc; q++, src += p.Lda)
                {
                    float* d = dst + q * mr;
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[r];
                    for (; r < mr; r++) d[r] = 0;
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    float* d = dst + r;
                    if (r >= rows)
                    {
                        for (int q = 0; q < kc; q++) d[q * mr] = 0;
                        continue;
                    }
                    float* src = p.A + (nint)(ic + ir + r) * p.Lda + pc;
                    for (int q = 0; q < kc; q++) d[q * mr] = src[q];
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] (kc×nc) as micro-panels of nr columns: panel[p·nr + j], zero-padded to nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB(in Problem p, int pc, int jc, int kc, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - jr);
            if (p.TransB)
            {
                // op(B)[q, j] = B[j, q]: each column of the panel is a contiguous row of B.
                for (int j = 0; j < nr; j++)
                {
                    float* d = dst + j;
                    if (j >= cols)
                    {
                        for (int q = 0; q < kc; q++) d[q * nr] = 0;
                        continue;
                    }
                    float* src = p.B + (nint)(jc + jr + j) * p.Ldb + pc;
                    for (int q = 0; q < kc; q++) d[q * nr] = src[q];
                }
            }
            else
            {
                float* src = p.B + (nint)pc * p.Ldb + jc + jr;
                for (int q = 0; q < kc; q++, src += p.Ldb)
                {
                    float* d = dst + q * nr;
                    if (cols == nr)
                    {
                        Unsafe.CopyBlockUnaligned(d, src, (uint)(nr * sizeof(float)));
                        continue;
                    }
                    int j = 0;
                    for (; j < cols; j++) d[j] = src[j];
                    for (; j < nr; j++) d[j] = 0;
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static int RoundUp(int a, int multiple) => CeilDiv(a, multiple) * multiple;
}
