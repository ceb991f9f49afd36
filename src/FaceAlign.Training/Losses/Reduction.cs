// How a loss turns per-element (or per-sample) values into one number.
namespace FaceAlign.Training.Losses;

public enum Reduction
{
    /// <summary>Element-wise losses: Σ w·ℓ / element count; cross-entropy: Σ w·ℓ / Σ w over counted samples.</summary>
    Mean,

    /// <summary>Σ w·ℓ.</summary>
    Sum,
}
