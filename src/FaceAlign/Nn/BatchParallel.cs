// Splits per-image work of a batch across ComputeThreads. Work that accumulates into one shared buffer (weight
// gradients) gets a zeroed private partial per worker, summed into the target when the worker finishes. Bodies run as
// workers (ComputeThreads.EnterWorker): the kernels they call stay on their thread instead of nesting a Parallel.For.
using System.Numerics.Tensors;
using FaceAlign.Kernels;

namespace FaceAlign.Nn;

internal static class BatchParallel
{
    public static bool Worthwhile(int count) => count > 1 && ComputeThreads.Available > 1;

    public static void For(int count, Action<int> body)
    {
        if (!Worthwhile(count))
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, ComputeThreads.Options, i =>
        {
            using var worker = ComputeThreads.EnterWorker();
            body(i);
        });
    }

    /// <summary>Floats per slice of an element-wise pass: 128 KB, so a pass of several steps over it stays in L2.</summary>
    internal const int SliceLength = 32 * 1024;

    /// <summary>True when an element-wise pass over <paramref name="length"/> floats is split over threads.</summary>
    public static bool SlicesWorthwhile(int length) => length > SliceLength && ComputeThreads.Available > 1;

    /// <summary>
    /// body(start, length) over consecutive slices of [0, length) in parallel. Only for element-wise work, whose
    /// result does not depend on the cut; callers test <see cref="SlicesWorthwhile"/> first and run the serial pass
    /// themselves, so no closure is allocated then.
    /// </summary>
    public static void ForSlices(int length, Action<int, int> body)
    {
        int slices = (length + SliceLength - 1) / SliceLength;
        Parallel.For(0, slices, ComputeThreads.Options, s =>
        {
            using var worker = ComputeThreads.EnterWorker();
            int start = s * SliceLength;
            body(start, Math.Min(SliceLength, length - start));
        });
    }

    /// <summary>
    /// Partials per accumulation, whatever the thread count: the summation order then depends only on the batch
    /// size, so a seeded training run gives the same weights on 1, 2 or 16 threads (and resumes bit-for-bit even if
    /// the thread count changed in between). Eight covers the cores this library meets; more threads still help the
    /// kernels inside each image.
    /// </summary>
    internal const int Chunks = 8;

    /// <summary>
    /// body(i, partial) for i in [0, count); partials (length target.Length) are summed into target. The range is cut
    /// into <see cref="Chunks"/> fixed contiguous chunks whose partials are added in chunk order, so the float result
    /// depends neither on thread timing nor on the thread count.
    /// </summary>
    public static void For(int count, Span<float> target, float[] targetArray, Action<int, float[]> body)
    {
        if (count <= 1)
        {
            for (int i = 0; i < count; i++) body(i, targetArray);
            return;
        }
        int length = target.Length;
        int chunks = Math.Min(count, Chunks);
        var partials = new float[chunks][];
        void Chunk(int chunk)
        {
            var partial = partials[chunk] = TensorPool.Rent(length, clear: true);
            for (int i = count * chunk / chunks; i < count * (chunk + 1) / chunks; i++) body(i, partial);
        }
        if (ComputeThreads.Available > 1)
            Parallel.For(0, chunks, ComputeThreads.Options, chunk =>
            {
                using var worker = ComputeThreads.EnterWorker();
                Chunk(chunk);
            });
        else
            for (int chunk = 0; chunk < chunks; chunk++) Chunk(chunk);
        foreach (var partial in partials)
        {
            TensorPrimitives.Add(targetArray.AsSpan(0, length), partial.AsSpan(0, length), targetArray.AsSpan(0, length));
            TensorPool.Return(partial);
        }
    }
}
