namespace FaceAlign.Training.Evaluation;

/// <summary>
/// The cumulative error distribution: for each error e on an even grid 0..maxError, the fraction of faces whose NME
/// is ≤ e. Plotted, it is the curve whose area <see cref="FailureRateAuc"/> reports.
/// </summary>
public static class Ced
{
    public static (double Error, double Fraction)[] Points(ReadOnlySpan<float> nmes, double maxError = FailureRateAuc.DefaultThreshold, int steps = 100)
    {
        if (nmes.IsEmpty)
            throw new ArgumentException("no NME values", nameof(nmes));
        if (steps < 1 || !(maxError > 0))
            throw new ArgumentOutOfRangeException(nameof(steps), "need at least one step and a positive maximum error");
        var sorted = nmes.ToArray();
        Array.Sort(sorted);
        var points = new (double, double)[steps + 1];
        int below = 0;
        for (int k = 0; k <= steps; k++)
        {
            double e = maxError * k / steps;
            while (below < sorted.Length && sorted[below] <= e)
                below++;
            points[k] = (e, (double)below / sorted.Length);
        }
        return points;
    }
}
