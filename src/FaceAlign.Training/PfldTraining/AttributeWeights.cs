// Class weights ω_c of the PFLD loss: the inverse frequency of each attribute class over the training set, so rare
// classes (profiles, heads turned up) weigh more. A sample's weight is Σ_c ω_c over its classes; since every sample is
// either profile or frontal, it is never zero. With ω_c = 1/f_c the expected per-class contribution is 1.
namespace FaceAlign.Training.PfldTraining;

public sealed class AttributeWeights
{
    private const int ClassCount = 6;
    private readonly float[] classWeights;

    private AttributeWeights(float[] weights) => classWeights = weights;

    /// <summary>Per-class weights, in <see cref="PfldAttributes"/> bit order.</summary>
    public IReadOnlyList<float> ClassWeights => classWeights;

    /// <summary>
    /// Frequencies counted over <paramref name="attributes"/>; occlusion, which augmentation adds, uses its expected
    /// frequency <paramref name="occlusionProbability"/> instead. A class no sample has gets weight 0.
    /// </summary>
    public static AttributeWeights FromTrainingSet(IReadOnlyList<PfldAttributes> attributes, float occlusionProbability)
    {
        if (attributes.Count == 0) throw new ArgumentException("attribute weights need at least one training sample");
        var weights = new float[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            var flag = (PfldAttributes)(1 << c);
            double frequency = flag == PfldAttributes.Occlusion
                ? occlusionProbability
                : attributes.Count(a => a.HasFlag(flag)) / (double)attributes.Count;
            weights[c] = frequency > 0 ? (float)(1 / frequency) : 0f;
        }
        return new AttributeWeights(weights);
    }

    /// <summary>Weights read back from a checkpoint.</summary>
    public static AttributeWeights FromValues(ReadOnlySpan<float> weights) =>
        weights.Length == ClassCount ? new AttributeWeights(weights.ToArray()) : throw new ArgumentException($"expected {ClassCount} class weights, got {weights.Length}");

    /// <summary>a_n = Σ_c ω_c over the classes the sample belongs to.</summary>
    public float For(PfldAttributes attributes)
    {
        float sum = 0;
        for (int c = 0; c < ClassCount; c++)
            if (((int)attributes & (1 << c)) != 0) sum += classWeights[c];
        return sum;
    }
}
