// The PFLD loss (Guo et al. 2019, eq. 2): every sample's squared landmark error is weighted by its pose error and by
// the rarity of its attribute classes,
//     L = 1/N · Σ_n  a_n · (Σ_k (1 − cos(θ̂_nk − θ_nk))) · ‖p̂_n − p_n‖²,
// where θ are yaw, pitch, roll (radians; θ̂ from the auxiliary network), and a_n = Σ_c ω_c over the classes c sample n
// belongs to (ω_c = inverse class frequency, see AttributeWeights). Gradients flow to both the landmarks and the angles:
//     ∂L/∂p̂_n = (2/N) a_n A_n (p̂_n − p_n),   ∂L/∂θ̂_nk = (1/N) a_n ‖p̂_n − p_n‖² sin(θ̂_nk − θ_nk).
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Training.PfldTraining;

public static class PfldLoss
{
    /// <summary>
    /// landmarks, targets (N, 2K); angles, targetAngles (N, 3) in radians; attributeWeights (N) = a_n. Returns a (1) tensor.
    /// </summary>
    public static Tensor Forward(Tensor landmarks, Tensor targets, Tensor angles, Tensor targetAngles, ReadOnlySpan<float> attributeWeights)
    {
        if (landmarks.Rank != 2 || !landmarks.Shape.AsSpan().SequenceEqual(targets.Shape))
            throw new ArgumentException($"PfldLoss: landmarks {Format(landmarks)} and targets {Format(targets)} must both be (N, 2K)");
        int n = landmarks.Shape[0], per = landmarks.Shape[1];
        if (!angles.Shape.AsSpan().SequenceEqual(new[] { n, 3 }) || !targetAngles.Shape.AsSpan().SequenceEqual(new[] { n, 3 }))
            throw new ArgumentException($"PfldLoss: angles {Format(angles)} and target angles {Format(targetAngles)} must be (N = {n}, 3)");
        if (attributeWeights.Length != n)
            throw new ArgumentException($"PfldLoss: {attributeWeights.Length} attribute weights for {n} samples");

        var poseWeight = new float[n];    // Σ_k (1 − cos Δθ_k)
        var squaredError = new float[n];  // ‖p̂ − p‖²
        var weights = attributeWeights.ToArray();
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            double pose = 0, err = 0;
            for (int k = 0; k < 3; k++) pose += 1 - Math.Cos(angles.Span[s * 3 + k] - targetAngles.Span[s * 3 + k]);
            for (int i = s * per; i < (s + 1) * per; i++)
            {
                double d = landmarks.Span[i] - (double)targets.Span[i];
                err += d * d;
            }
            poseWeight[s] = (float)pose;
            squaredError[s] = (float)err;
            total += weights[s] * pose * err;
        }
        var loss = Tensor.Scalar((float)(total / n));
        GradMode.Record(loss, () =>
        {
            double upstream = loss.Grad!.Span[0] / n;
            if (landmarks.RequiresGrad)
            {
                var dLandmarks = landmarks.GradOrCreate().Span;
                for (int s = 0; s < n; s++)
                {
                    double k = upstream * weights[s] * poseWeight[s] * 2;
                    for (int i = s * per; i < (s + 1) * per; i++) dLandmarks[i] += (float)(k * (landmarks.Span[i] - targets.Span[i]));
                }
            }
            if (angles.RequiresGrad)
            {
                var dAngles = angles.GradOrCreate().Span;
                for (int s = 0; s < n; s++)
                    for (int k = 0; k < 3; k++)
                        dAngles[s * 3 + k] += (float)(upstream * weights[s] * squaredError[s] * Math.Sin(angles.Span[s * 3 + k] - targetAngles.Span[s * 3 + k]));
            }
        }, landmarks, angles);
        return loss;
    }

    private static string Format(Tensor t) => "(" + string.Join(", ", t.Shape) + ")";
}
