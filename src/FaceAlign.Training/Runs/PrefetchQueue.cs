// Keeps a training loop fed: a background task fills reusable buffers for items first..count−1 in order while the
// consumer works on earlier ones. A small ring of buffers circulates (free → filled → consumed → recycled), so nothing
// is allocated per item; at most `depth` filled items wait. A fill failure surfaces in the consumer.
using System.Collections.Concurrent;

namespace FaceAlign.Training.Runs;

public sealed class PrefetchQueue<T> : IDisposable where T : class
{
    private readonly BlockingCollection<(int Index, T Buffer)> ready;
    private readonly BlockingCollection<T> free = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task producer;

    /// <param name="buffers">The buffers to circulate (at least two, so filling overlaps consuming).</param>
    /// <param name="fill">Fills a buffer for an item index; runs on a background task.</param>
    public PrefetchQueue(IEnumerable<T> buffers, int first, int count, Action<int, T> fill)
    {
        foreach (var b in buffers) free.Add(b);
        if (free.Count < 2) throw new ArgumentException("PrefetchQueue needs at least two buffers", nameof(buffers));
        ready = new BlockingCollection<(int, T)>(free.Count);
        producer = Task.Run(() =>
        {
            try
            {
                for (int i = first; i < count; i++)
                {
                    var buffer = free.Take(stop.Token);
                    fill(i, buffer);
                    ready.Add((i, buffer), stop.Token);
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        });
    }

    /// <summary>Filled items in order; give each buffer back with <see cref="Recycle"/> when done with it.</summary>
    public IEnumerable<(int Index, T Buffer)> Consume(CancellationToken cancel)
    {
        foreach (var item in ready.GetConsumingEnumerable(cancel)) yield return item;
        producer.GetAwaiter().GetResult();  // surfaces a fill failure
    }

    public void Recycle(T buffer) => free.Add(buffer);

    public void Dispose()
    {
        stop.Cancel();
        try { producer.Wait(); } catch (AggregateException) { }
        stop.Dispose();
        ready.Dispose();
        free.Dispose();
    }
}
