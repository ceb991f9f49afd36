namespace FaceAlign.Training.Evaluation;

/// <summary>What the landmark error is divided by; always measured on the ground-truth shape.</summary>
public enum NmeNormalisation
{
    /// <summary>Distance between the outer eye corners (300-W and WFLW's standard; eye centres for 5 points).</summary>
    InterOcular,

    /// <summary>Distance between the eye centres (mean of each eye's points, or the pupil points).</summary>
    InterPupil,

    /// <summary>√(w·h) of the ground-truth landmarks' bounding box (as in 300-W's later "box" protocol).</summary>
    BoxSize,

    /// <summary>Diagonal √(w² + h²) of the ground-truth landmarks' bounding box.</summary>
    BoxDiagonal,
}
