namespace FaceAlign.Training.DetectorTraining;

/// <summary>
/// What every anchor of one training image should predict, from <see cref="AnchorMatcher"/>: whether it is a face,
/// and for faces the encoded box (4 values) and, when the face has them, the encoded landmarks (10 values).
/// Arrays are indexed by anchor in <see cref="Detection.PriorBoxes"/> order; values of background anchors are 0.
/// </summary>
public sealed class AnchorTargets(int anchors)
{
    public int Count { get; } = anchors;

    /// <summary>True for anchors matched to a face (positives).</summary>
    public bool[] IsFace { get; } = new bool[anchors];

    /// <summary>True for positives whose face has five landmarks (only these enter the landmark loss).</summary>
    public bool[] HasLandmarks { get; } = new bool[anchors];

    /// <summary>(anchors, 4): encoded (dx, dy, dw, dh) of the matched face.</summary>
    public float[] Boxes { get; } = new float[anchors * 4];

    /// <summary>(anchors, 10): encoded landmark offsets of the matched face.</summary>
    public float[] Landmarks { get; } = new float[anchors * 10];

    public int Positives { get; internal set; }

    public int PositivesWithLandmarks { get; internal set; }
}
