// A region whose tensors are handed back to the pool when it ends: wrap one training step or one inference call
// in `using var scope = new TensorScope();` and the step's intermediates are recycled instead of collected.
// Parameters and buffers registered on a Module are persistent and never released by a scope.
namespace FaceAlign.Nn;

public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? current;

    private readonly TensorScope? outer;
    private readonly List<Tensor> owned = [];
    private bool disposed;

    public TensorScope()
    {
        outer = current;
        current = this;
    }

    internal static void Track(Tensor t) => current?.owned.Add(t);

    /// <summary>Removes <paramref name="t"/> from this scope so it outlives it (e.g. a result the caller keeps).</summary>
    public Tensor Keep(Tensor t)
    {
        owned.Remove(t);
        outer?.owned.Add(t);
        return t;
    }

    /// <summary>
    /// Lets the GC reclaim the pool's free arrays (a finished training run's activations, say); returns their size in
    /// bytes. Tensors still alive are unaffected; later requests allocate afresh.
    /// </summary>
    public static long ReleasePooledMemory() => TensorPool.Clear();

    /// <summary>
    /// The most bytes of free (recycled) storage the pool keeps, 4 GiB by default; storage returned beyond it is left to
    /// the GC. Bounds memory when many input shapes come and go (a detector over photos of many sizes).
    /// </summary>
    public static long PoolLimitBytes
    {
        get => TensorPool.LimitBytes;
        set => TensorPool.LimitBytes = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the pool limit must be ≥ 0 bytes");
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
            if (!t.IsPersistent) t.Dispose();
        owned.Clear();
        current = outer;
    }
}
