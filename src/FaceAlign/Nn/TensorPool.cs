// Recycles the float arrays behind tensors, keyed by exact length: a training or inference loop repeats the same
// shapes every step, so after one warm-up step every request is served from the pool. Not a general allocator.
namespace FaceAlign.Nn;

internal static class TensorPool
{
    // Enough for the many same-shaped intermediates of a deep network's step; beyond that arrays go to the GC.
    private const int MaxArraysPerLength = 256;

    private static readonly Dictionary<int, Stack<float[]>> Free = new();
    private static readonly Lock Gate = new();
    private static long freeBytes;

    /// <summary>
    /// Free arrays beyond this many bytes go to the GC instead of the pool. Inference over images of many sizes (a
    /// detector pads each to its own shape) would otherwise keep every shape's buffers for the life of the process.
    /// </summary>
    public static long LimitBytes { get; set; } = 4L << 30;

    /// <summary>Bytes held in free arrays now.</summary>
    public static long FreeBytes
    {
        get
        {
            lock (Gate) return freeBytes;
        }
    }

    public static float[] Rent(int length, bool clear)
    {
        if (length == 0) return [];
        float[]? array = null;
        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                array = stack.Pop();
                freeBytes -= (long)length * sizeof(float);
            }
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
            long bytes = freeBytes;
            Free.Clear();
            freeBytes = 0;
            return bytes;
        }
    }

    public static void Return(float[] array)
    {
        if (array.Length == 0) return;
        lock (Gate)
        {
            long bytes = (long)array.Length * sizeof(float);
            if (freeBytes + bytes > LimitBytes) return;
            if (!Free.TryGetValue(array.Length, out var stack))
                Free[array.Length] = stack = new Stack<float[]>();
            if (stack.Count >= MaxArraysPerLength) return;
            stack.Push(array);
            freeBytes += bytes;
        }
    }
}
