namespace FaceAlign.Training.Evaluation;

/// <summary>
/// A detector measured on annotated images (see <see cref="AveragePrecision.Evaluate"/>). <see cref="Ap"/> uses every
/// detection; the precision, recall, counts and size buckets use those scoring at least <see cref="ScoreThreshold"/>.
/// <see cref="Ap"/> is NaN when the images hold no face (only false positives can then be counted).
/// </summary>
public sealed record DetectionReport(
    int Images,
    int Faces,
    int IgnoreRegions,
    double IoUThreshold,
    double Ap,
    double ScoreThreshold,
    int TruePositives,
    int FalsePositives,
    int IgnoredDetections,
    IReadOnlyList<int> FalsePositivesPerImage,
    IReadOnlyList<PrecisionRecallPoint> Curve,
    IReadOnlyList<SizeBucketRecall> RecallBySize)
{
    /// <summary>Fraction of counted detections (not ignored) above the threshold that found a face; NaN with none.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Fraction of faces found by a detection above the threshold; NaN with no faces.</summary>
    public double Recall => Faces == 0 ? double.NaN : (double)TruePositives / Faces;

    /// <summary>Recall with every detection, whatever its score: the end of the precision–recall curve.</summary>
    public double MaxRecall => Curve.Count == 0 ? (Faces == 0 ? double.NaN : 0) : Curve[^1].Recall;
}
