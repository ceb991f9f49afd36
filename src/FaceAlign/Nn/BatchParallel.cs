// Splits per-image work of a batch across ComputeThreads. Work that accumulates into one shared buffer (weight
// gradients) gets a zeroed private partial per worker, summed into the target when the worker finishes.
using System.Numerics.Tensors;
using FaceAlign.Kernels;

namespace FaceAlign.Nn;

internal static class BatchParallel
{
    public static bool Worthwhile(int count) => count > 1 && ComputeThreads.Count > 1;

    public static void For(int count, Action<int> body)
    {
        if (!Worthwhile(count))
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, ComputeThreads.Options, body);
    }

    /// <summary>
    /// body(i, partial) for i in [0, count); partials (length target.Length) are summed into target. The range is cut
    /// into one fixed contiguous chunk per worker and the partials are added in chunk order, so the float result does
    /// not depend on thread timing: a seeded training run is bit-for-bit repeatable (and resumable) at a given thread count.
    /// </summary>
    public static void For(int count, Span<float> target, float[] targetArray, Action<int, float[]> body)
    {
        if (!Worthwhile(count))
        {
            for (int i = 0; i < count; i++) body(i, targetArray);
            return;
        }
        int length = target.Length;
        int chunks = Math.Min(count, ComputeThreads.Count);
        var partials = new float[chunks][];
        Parallel.For(0, chunks, ComputeThreads.Options, chunk =>
        {
            var partial = partials[chunk] = TensorPool.Rent(length, clear: true);
            for (int i = count * chunk / chunks; i < count * (chunk + 1) / chunks; i++) body(i, partial);
        });
        foreach (var partial in partials)
        {
            TensorPrimitives.Add(targetArray.AsSpan(0, length), partial.AsSpan(0, length), targetArray.AsSpan(0, length));
            TensorPool.Return(partial);
        }
    }
}
