namespace FaceAlign.Kernels;

/// <summary>
/// How many threads the kernels and layers may use (default: all cores). Like torch.set_num_threads, this is one
/// process-wide setting on purpose: a CLI flag or an analyzer option sets it once, kernels read it.
/// </summary>
public static class ComputeThreads
{
    private static int count = Environment.ProcessorCount;

    public static int Count
    {
        get => count;
        set => count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "thread count must be at least 1");
    }

    /// <summary>Options for Parallel.For limited to <see cref="Count"/>.</summary>
    public static ParallelOptions Options => new() { MaxDegreeOfParallelism = count };

    /// <summary>Options for Parallel.For limited to an explicit thread count (kernels that take one for testing).</summary>
    internal static ParallelOptions OptionsFor(int threads) => new() { MaxDegreeOfParallelism = Math.Max(1, threads) };
}
