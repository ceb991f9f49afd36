// Runs work items on several threads but hands results to the caller strictly in input order, each as soon as it and
// all before it are done: parallel speed with the output order (and per-item flushing) of a sequential loop.
namespace FaceAlign.Cli.Detect;

internal static class OrderedParallel
{
    /// <summary>
    /// Calls <paramref name="work"/> for 0..count−1 on <paramref name="workers"/> threads and <paramref name="consume"/>
    /// for each result in index order on the calling thread. After <paramref name="cancel"/> is signalled no new item
    /// starts; items already started finish and are consumed. Returns how many items were consumed.
    /// <paramref name="work"/> should not throw; if it does, the exception surfaces from this call at that item.
    /// </summary>
    public static int Run<T>(int count, int workers, Func<int, T> work, Action<int, T> consume, CancellationToken cancel)
    {
        var slots = new TaskCompletionSource<T>[count];
        for (int i = 0; i < count; i++)
            slots[i] = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        int next = -1;
        void Loop()
        {
            // Indices are taken in increasing order and every taken index completes, so finished items form a prefix.
            while (!cancel.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= count) return;
                try
                {
                    slots[i].SetResult(work(i));
                }
                catch (Exception e)
                {
                    slots[i].SetException(e);
                }
            }
        }
        var threads = Enumerable.Range(0, Math.Clamp(workers, 1, Math.Max(1, count)))
            .Select(_ => Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var allDone = Task.WhenAll(threads);
        int consumed = 0;
        for (int i = 0; i < count; i++)
        {
            var slot = slots[i].Task;
            Task.WaitAny(slot, allDone);
            if (!slot.IsCompleted) break; // every worker stopped before taking item i: cancelled
            consume(i, slot.GetAwaiter().GetResult());
            consumed++;
        }
        allDone.GetAwaiter().GetResult();
        return consumed;
    }
}
