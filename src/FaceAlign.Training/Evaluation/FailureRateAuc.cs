namespace FaceAlign.Training.Evaluation;

/// <summary>
/// Summary of a test set's per-face NMEs at a threshold T (0.1 in 300-W and WFLW papers, e.g. Wu et al. 2018 §5):
/// failure rate FR = fraction of faces with NME &gt; T, and AUC = (1/T)∫₀ᵀ CED(e) de, the area under the cumulative
/// error distribution up to T, scaled to [0, 1]. CED is a step function, so the integral is computed exactly:
/// each face contributes max(0, T − NMEᵢ), giving AUC = Σᵢ max(0, T − NMEᵢ) / (N·T). This is the limit of the
/// trapezoidal integration over a fine grid that published evaluation scripts use.
/// </summary>
public readonly record struct FailureRateAuc(double FailureRate, double Auc, double Threshold)
{
    public const double DefaultThreshold = 0.1;

    public static FailureRateAuc Compute(ReadOnlySpan<float> nmes, double threshold = DefaultThreshold)
    {
        if (nmes.IsEmpty)
            throw new ArgumentException("no NME values to summarise", nameof(nmes));
        if (!(threshold > 0))
            throw new ArgumentOutOfRangeException(nameof(threshold), "threshold must be positive");
        int failures = 0;
        double area = 0;
        foreach (float e in nmes)
        {
            if (!float.IsFinite(e) || e < 0)
                throw new ArgumentException($"NME {e} is not a finite non-negative number", nameof(nmes));
            if (e > threshold)
                failures++;
            area += Math.Max(0, threshold - e);
        }
        return new FailureRateAuc((double)failures / nmes.Length, area / (nmes.Length * threshold), threshold);
    }
}
