// Recycles the float arrays behind tensors, keyed by exact length: a training or inference loop repeats the same
// shapes every step, so after one warm-up step every request is served from the pool. Not a general allocator.
namespace FaceAlign.Nn;

internal static class TensorPool
{
    // Enough for the many same-shaped intermediates of a deep network's step; beyond that arrays go to the GC.
    private const int MaxArraysPerLength = 256;

    private static readonly Dictionary<int, Stack<float[]>> Free = new();
    private static readonly Lock Gate = new();

    public static float[] Rent(int length, bool clear)
    {
        if (length == 0) return [];
        float[]? array = null;
        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.Count > 0)
                array = stack.Pop();
        }
        if (array is null) return new float[length];
        if (clear) Array.Clear(array);
        return array;
    }

    /// <summary>Drops every free array (e.g. after training, before long-running inference at other shapes).</summary>
    public static long Clear()
    {
        lock (Gate)
        {
            long bytes = Free.Sum(kv => (long)kv.Key * kv.Value.Count * sizeof(float));
            Free.Clear();
            return bytes;
        }
    }

    public static void Return(float[] array)
    {
        if (array.Length == 0) return;
        lock (Gate)
        {
            if (!Free.TryGetValue(array.Length, out var stack))
                Free[array.Length] = stack = new Stack<float[]>();
            if (stack.Count < MaxArraysPerLength) stack.Push(array);
        }
    }
}
