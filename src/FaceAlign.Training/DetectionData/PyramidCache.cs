namespace FaceAlign.Training.DetectionData;

/// <summary>
/// Decoded source images by path, built on first use and kept within a byte budget by evicting the least recently
/// used. Thread-safe: decoding happens outside the lock (two threads may decode the same file once each; one copy is
/// kept), so a slow decode never stalls other threads' hits. An image larger than the budget is returned uncached.
/// </summary>
internal sealed class PyramidCache(long capacityBytes, Func<string, ImagePyramid> load)
{
    private readonly Dictionary<string, LinkedListNode<(string Path, ImagePyramid Pyramid)>> entries = [];
    private readonly LinkedList<(string Path, ImagePyramid Pyramid)> recency = []; // most recent first
    private readonly object gate = new();
    private long bytes;

    public long CapacityBytes { get; } = capacityBytes;

    public long Bytes
    {
        get { lock (gate) return bytes; }
    }

    public int Count
    {
        get { lock (gate) return entries.Count; }
    }

    public ImagePyramid Get(string path)
    {
        lock (gate)
        {
            if (entries.TryGetValue(path, out var hit))
            {
                recency.Remove(hit);
                recency.AddFirst(hit);
                return hit.Value.Pyramid;
            }
        }
        var loaded = load(path);
        lock (gate)
        {
            if (entries.TryGetValue(path, out var raced))
                return raced.Value.Pyramid;
            if (loaded.Bytes > CapacityBytes)
                return loaded;
            while (bytes + loaded.Bytes > CapacityBytes && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.Path);
                bytes -= oldest.Value.Pyramid.Bytes;
            }
            entries[path] = recency.AddFirst((path, loaded));
            bytes += loaded.Bytes;
            return loaded;
        }
    }
}
