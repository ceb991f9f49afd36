namespace FaceAlign.Training.Evaluation;

/// <summary>
/// A detector's scores on a labelled set: average precision at one IoU, and recall and precision counting only
/// detections at or above a working score threshold.
/// </summary>
public sealed record DetectionScores(float AveragePrecision, float Recall, float Precision, int Faces, int Detections);
