// RetinaFace's anchors (biubug6/Pytorch_Retinaface layers/functions/prior_box.py with cfg_mnet): on the level of stride
// s, a cell (i, j) of the ⌈H/s⌉ × ⌈W/s⌉ map holds square anchors centred at ((j + 0.5)·s, (i + 0.5)·s) with sides
// 16, 32 (stride 8), 64, 128 (stride 16) and 256, 512 (stride 32) pixels. Order: level, then row i, column j, then size —
// the order the heads' (N, H·W·A, k) rows come in.
using System.Collections.Concurrent;

namespace FaceAlign.Detection;

public static class PriorBoxes
{
    /// <summary>Feature strides of the three pyramid levels.</summary>
    public static readonly int[] Strides = [8, 16, 32];

    /// <summary>Anchor sides in pixels per level (cfg_mnet's min_sizes).</summary>
    public static readonly int[][] Sizes = [[16, 32], [64, 128], [256, 512]];

    /// <summary>Anchors per feature-map cell (two sizes).</summary>
    public const int AnchorsPerCell = 2;

    // Inference asks for the same few input sizes over and over; anchors are immutable, so share them.
    private static readonly ConcurrentDictionary<(int, int), Anchor[]> Cache = new();
    private const int MaxCached = 64;

    /// <summary>Cells of one level's map for an input of this size: ⌈H/s⌉ × ⌈W/s⌉, as stride-2 convs with padding 1 give.</summary>
    public static (int Rows, int Columns) MapSize(int height, int width, int level) =>
        ((height + Strides[level] - 1) / Strides[level], (width + Strides[level] - 1) / Strides[level]);

    /// <summary>Anchors of an input of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    public static int Count(int height, int width)
    {
        Check(height, width);
        int count = 0;
        for (int level = 0; level < Strides.Length; level++)
        {
            var (rows, columns) = MapSize(height, width, level);
            count += rows * columns * AnchorsPerCell;
        }
        return count;
    }

    /// <summary>Every anchor of an input of <paramref name="height"/> × <paramref name="width"/> pixels, in head-row order.</summary>
    public static Anchor[] Generate(int height, int width)
    {
        Check(height, width);
        var anchors = new Anchor[Count(height, width)];
        int k = 0;
        for (int level = 0; level < Strides.Length; level++)
        {
            var (rows, columns) = MapSize(height, width, level);
            float stride = Strides[level];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                    foreach (int size in Sizes[level])
                        anchors[k++] = new Anchor((j + 0.5f) * stride, (i + 0.5f) * stride, size, size);
        }
        return anchors;
    }

    /// <summary>As <see cref="Generate"/>, shared between callers (do not modify the array).</summary>
    internal static Anchor[] Cached(int height, int width)
    {
        if (Cache.TryGetValue((height, width), out var anchors)) return anchors;
        anchors = Generate(height, width);
        if (Cache.Count < MaxCached) Cache.TryAdd((height, width), anchors);
        return anchors;
    }

    private static void Check(int height, int width)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"anchors need a positive input size, got {width}×{height}");
    }
}
