namespace FaceAlign.Training.DetectionData;

/// <summary>
/// The hard negatives a composer draws from, each with probability proportional to score⁴: the few mistakes the
/// detector is surest of (a headlight at 0.97) come up far more often than the many near the mining threshold (0.3),
/// which a uniform draw let dominate (0.97⁴ ≈ 0.89 against 0.3⁴ ≈ 0.008).
/// </summary>
internal sealed class MinedNegatives
{
    public static MinedNegatives None { get; } = new([]);

    private readonly double[] cumulative;

    public MinedNegatives(HardNegative[] items)
    {
        Items = items;
        cumulative = new double[items.Length];
        double sum = 0;
        for (int i = 0; i < items.Length; i++)
        {
            double s = Math.Clamp(items[i].Score, 0, 1);
            sum += s * s * s * s;
            cumulative[i] = sum;
        }
    }

    public HardNegative[] Items { get; }

    public int Count => Items.Length;

    /// <summary>The negative a uniform <paramref name="u"/> in [0, 1) falls on (uniformly when every score is 0).</summary>
    public HardNegative Pick(double u)
    {
        double total = cumulative.Length == 0 ? 0 : cumulative[^1];
        if (!(total > 0))
            return Items[Math.Min(Items.Length - 1, (int)(u * Items.Length))];
        int i = Array.BinarySearch(cumulative, u * total);
        i = i < 0 ? ~i : i + 1;  // the first entry whose running sum exceeds u·total
        return Items[Math.Min(i, Items.Length - 1)];
    }
}
