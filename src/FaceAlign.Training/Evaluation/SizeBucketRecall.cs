namespace FaceAlign.Training.Evaluation;

/// <summary>
/// Recall over the faces whose size √(width·height) lies in [MinSize, MaxSize): how many of them a detection at or
/// above the report's score threshold matched. Recall is NaN for an empty bucket.
/// </summary>
public sealed record SizeBucketRecall(string Label, double MinSize, double MaxSize, int Faces, int Found)
{
    public double Recall => Faces == 0 ? double.NaN : (double)Found / Faces;
}
