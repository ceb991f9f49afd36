namespace FaceAlign.Training.Evaluation;

/// <summary>Precision and recall over every detection scoring at least <see cref="Score"/> (one point per detection).</summary>
public readonly record struct PrecisionRecallPoint(double Score, double Recall, double Precision);
