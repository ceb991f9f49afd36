// RetinaFace's multi-task loss (Deng et al. 2020, eq. 1; biubug6/Pytorch_Retinaface layers/modules/multibox_loss.py):
//   L = λ·L_box + L_cls + L_landmark, λ = 2 (cfg_mnet's loc_weight)
//   L_cls      = Σ over positives and mined negatives of softmax cross-entropy, / N
//   L_box      = Σ over positives of smooth L1 (β = 1) on the 4 encoded offsets, / N
//   L_landmark = Σ over positives whose face has landmarks of smooth L1 on the 10 offsets, / N_lm
// with N, N_lm the batch's positive counts (at least 1). Hard-negative mining (SSD, Liu et al. 2016, §2.2): per image,
// the background anchors with the highest classification loss, 3 per positive (at most anchors − 1), are the only
// negatives counted; an image without positives contributes nothing. Forward and backward are one node: the
// gradients of the three prediction tensors are written in the backward closure.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Training.DetectorTraining;

public sealed class MultiBoxLoss(float boxWeight = 2f, int negativesPerPositive = 3)
{
    public float BoxWeight { get; } = boxWeight;

    public int NegativesPerPositive { get; } = negativesPerPositive;

    /// <summary>
    /// boxes (N, A, 4), logits (N, A, 2) (background, face), landmarks (N, A, 10) as <see cref="Detection.RetinaFace.Forward"/>
    /// returns them; one <see cref="AnchorTargets"/> per image.
    /// </summary>
    public MultiBoxLossValue Forward(Tensor boxes, Tensor logits, Tensor landmarks, IReadOnlyList<AnchorTargets> targets)
    {
        int n = boxes.Rank == 3 ? boxes.Shape[0] : -1, anchors = boxes.Rank == 3 ? boxes.Shape[1] : -1;
        CheckShape(boxes, n, anchors, 4, "boxes");
        CheckShape(logits, n, anchors, 2, "logits");
        CheckShape(landmarks, n, anchors, 10, "landmarks");
        if (targets.Count != n) throw new ArgumentException($"MultiBoxLoss: {targets.Count} target sets for {n} images");
        for (int i = 0; i < n; i++)
            if (targets[i].Count != anchors)
                throw new ArgumentException($"MultiBoxLoss: image {i} has targets for {targets[i].Count} anchors, the predictions have {anchors}");

        int positives = targets.Sum(t => t.Positives), withLandmarks = targets.Sum(t => t.PositivesWithLandmarks);
        double scale = 1.0 / Math.Max(1, positives), landmarkScale = 1.0 / Math.Max(1, withLandmarks);
        // Anchors counted by the classification loss (positives and mined negatives), per image.
        var counted = new bool[n][];
        double box = 0, cls = 0, landmark = 0;
        int negatives = 0;
        ReadOnlySpan<float> b = boxes.Span, z = logits.Span, l = landmarks.Span;
        for (int i = 0; i < n; i++)
        {
            var t = targets[i];
            counted[i] = MineNegatives(z.Slice(i * anchors * 2, anchors * 2), t, out int mined);
            negatives += mined;
            for (int a = 0; a < anchors; a++)
            {
                int row = i * anchors + a;
                if (counted[i][a]) cls += CrossEntropy(z[2 * row], z[2 * row + 1], t.IsFace[a]);
                if (!t.IsFace[a]) continue;
                for (int k = 0; k < 4; k++) box += SmoothL1(b[4 * row + k] - t.Boxes[4 * a + k]);
                if (!t.HasLandmarks[a]) continue;
                for (int k = 0; k < 10; k++) landmark += SmoothL1(l[10 * row + k] - t.Landmarks[10 * a + k]);
            }
        }
        box *= scale;
        cls *= scale;
        landmark *= landmarkScale;
        var total = Tensor.Scalar((float)(BoxWeight * box + cls + landmark));
        GradMode.Record(total, () =>
        {
            double upstream = total.Grad!.Span[0];
            Span<float> dB = boxes.RequiresGrad ? boxes.GradOrCreate().Span : default;
            Span<float> dZ = logits.RequiresGrad ? logits.GradOrCreate().Span : default;
            Span<float> dL = landmarks.RequiresGrad ? landmarks.GradOrCreate().Span : default;
            ReadOnlySpan<float> bv = boxes.Span, zv = logits.Span, lv = landmarks.Span;
            float gBox = (float)(upstream * BoxWeight * scale), gCls = (float)(upstream * scale), gLandmark = (float)(upstream * landmarkScale);
            for (int i = 0; i < n; i++)
            {
                var t = targets[i];
                for (int a = 0; a < anchors; a++)
                {
                    int row = i * anchors + a;
                    if (counted[i][a] && !dZ.IsEmpty)
                    {
                        // ∂CE/∂z = softmax − one-hot; with two classes p_face = σ(z1 − z0).
                        float pFace = Sigmoid(zv[2 * row + 1] - zv[2 * row]);
                        float d = t.IsFace[a] ? pFace - 1 : pFace;
                        dZ[2 * row] -= gCls * d;
                        dZ[2 * row + 1] += gCls * d;
                    }
                    if (!t.IsFace[a]) continue;
                    if (!dB.IsEmpty)
                        for (int k = 0; k < 4; k++) dB[4 * row + k] += gBox * SmoothL1Derivative(bv[4 * row + k] - t.Boxes[4 * a + k]);
                    if (!t.HasLandmarks[a] || dL.IsEmpty) continue;
                    for (int k = 0; k < 10; k++) dL[10 * row + k] += gLandmark * SmoothL1Derivative(lv[10 * row + k] - t.Landmarks[10 * a + k]);
                }
            }
        }, boxes, logits, landmarks);
        return new MultiBoxLossValue(total, (float)box, (float)cls, (float)landmark, positives, negatives);
    }

    /// <summary>
    /// Positives plus the background anchors with the largest background cross-entropy, NegativesPerPositive per positive
    /// (at most anchors − 1); ties go to the lower anchor index.
    /// </summary>
    private bool[] MineNegatives(ReadOnlySpan<float> z, AnchorTargets t, out int mined)
    {
        int anchors = t.Count;
        var counted = (bool[])t.IsFace.Clone();
        mined = Math.Min(NegativesPerPositive * t.Positives, Math.Max(0, anchors - 1));
        mined = Math.Min(mined, anchors - t.Positives);
        if (mined <= 0)
        {
            mined = 0;
            return counted;
        }
        var losses = new float[anchors - t.Positives];
        var indices = new int[losses.Length];
        for (int a = 0, j = 0; a < anchors; a++)
        {
            if (t.IsFace[a]) continue;
            losses[j] = -(float)CrossEntropy(z[2 * a], z[2 * a + 1], face: false);  // negated: ascending sort puts the hardest first
            indices[j++] = a;
        }
        Array.Sort(losses, indices);
        // Equal losses: keep index order so the choice does not depend on the sort's internals.
        int end = mined;
        while (end < losses.Length && losses[end] == losses[mined - 1]) end++;
        int start = mined - 1;
        while (start > 0 && losses[start - 1] == losses[mined - 1]) start--;
        if (end - start > 1) Array.Sort(indices, start, end - start);
        for (int j = 0; j < mined; j++) counted[indices[j]] = true;
        return counted;
    }

    /// <summary>−log softmax of the true class over (background z0, face z1), in double.</summary>
    private static double CrossEntropy(float z0, float z1, bool face)
    {
        double m = Math.Max(z0, z1);
        double lse = m + Math.Log(Math.Exp(z0 - m) + Math.Exp(z1 - m));
        return lse - (face ? z1 : z0);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // Smooth L1 with β = 1 (F.smooth_l1_loss's default): 0.5·d² for |d| < 1, else |d| − 0.5.
    private static double SmoothL1(float d) => Math.Abs(d) < 1 ? 0.5 * d * d : Math.Abs(d) - 0.5;

    private static float SmoothL1Derivative(float d) => Math.Abs(d) < 1 ? d : Math.Sign(d);

    private static void CheckShape(Tensor t, int n, int anchors, int k, string name)
    {
        if (t.Rank != 3 || t.Shape[0] != n || t.Shape[1] != anchors || t.Shape[2] != k)
            throw new ArgumentException($"MultiBoxLoss: {name} must be (N, anchors, {k}) matching the boxes, got ({string.Join(", ", t.Shape)})");
    }
}
