namespace FaceAlign.Kernels;

/// <summary>
/// How many threads the kernels and layers may use (default: all cores). Like torch.set_num_threads, this is one
/// process-wide setting on purpose: a CLI flag or an analyzer option sets it once, kernels read it.
/// </summary>
public static class ComputeThreads
{
    private static int count = Environment.ProcessorCount;

    // Set on a thread while it runs one body of a batch-parallel loop (Nn.BatchParallel).
    [ThreadStatic]
    private static bool inWorker;

    public static int Count
    {
        get => count;
        set => count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "thread count must be at least 1");
    }

    /// <summary>
    /// Threads a kernel may start from the current thread: <see cref="Count"/>, or 1 inside a body of a batch-parallel
    /// loop. The loop already keeps every thread busy with its images; a kernel's own Parallel.For nested in it only
    /// queued replicas that no free thread could take, and the thread pool added threads to serve them (training at 2
    /// threads spent a third of its time there).
    /// </summary>
    internal static int Available => inWorker ? 1 : count;

    /// <summary>Options for Parallel.For limited to <see cref="Available"/>.</summary>
    public static ParallelOptions Options => new() { MaxDegreeOfParallelism = Available };

    /// <summary>Options for Parallel.For limited to an explicit thread count (kernels that take one for testing).</summary>
    internal static ParallelOptions OptionsFor(int threads) => new() { MaxDegreeOfParallelism = Math.Max(1, threads) };

    /// <summary>Marks the current thread as running a batch-parallel body until the scope is disposed.</summary>
    internal static WorkerScope EnterWorker()
    {
        bool previous = inWorker;
        inWorker = true;
        return new WorkerScope(previous);
    }

    internal readonly struct WorkerScope(bool previous) : IDisposable
    {
        public void Dispose() => inWorker = previous;
    }
}
