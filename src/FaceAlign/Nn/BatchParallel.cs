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

    /// <summary>body(i, partial) for i in [0, count); partials (length target.Length) are summed into target.</summary>
    public static void For(int count, Span<float> target, float[] targetArray, Action<int, float[]> body)
    {
        if (!Worthwhile(count))
        {
            for (int i = 0; i < count; i++) body(i, targetArray);
            return;
        }
        int length = target.Length;
        var sink = new Lock();
        Parallel.For(0, count, ComputeThreads.Options,
            () => TensorPool.Rent(length, clear: true),
            (i, _, partial) => { body(i, partial); return partial; },
            partial =>
            {
                lock (sink) TensorPrimitives.Add(targetArray.AsSpan(0, length), partial.AsSpan(0, length), targetArray.AsSpan(0, length));
                TensorPool.Return(partial);
            });
    }
}
