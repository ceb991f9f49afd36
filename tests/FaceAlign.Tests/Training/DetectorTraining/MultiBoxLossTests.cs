using FaceAlign.Nn;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Training.DetectorTraining;

public class MultiBoxLossTests
{
    // One image, six anchors: anchor 0 a face with landmarks, anchors 1–5 background whose face logits 2, −1, 3, 0, 1
    // (background logit 0) rank their background losses log(1 + e^f) as 3 > 1 > 5 > 4 > 2.
    private static (Tensor Boxes, Tensor Logits, Tensor Landmarks, AnchorTargets Targets) HandMade()
    {
        var targets = new AnchorTargets(6);
        targets.IsFace[0] = true;
        targets.HasLandmarks[0] = true;
        targets.Positives = 1;
        targets.PositivesWithLandmarks = 1;
        var boxes = new float[6 * 4];
        float[] predicted = [0.5f, -2f, 0f, 0.2f];   // targets are 0: smooth L1 gives 0.125, 1.5, 0, 0.02
        predicted.CopyTo(boxes, 0);
        var logits = new float[6 * 2];
        logits[0] = 0.5f;
        logits[1] = 1.5f;
        float[] faceLogits = [2f, -1f, 3f, 0f, 1f];
        for (int a = 1; a < 6; a++) logits[2 * a + 1] = faceLogits[a - 1];
        var landmarks = new float[6 * 10];
        landmarks[0] = 3f;                            // target 0: smooth L1 = 2.5
        landmarks[10] = 7f;                           // a background anchor: ignored
        return (Tensor.FromArray(boxes, 1, 6, 4), Tensor.FromArray(logits, 1, 6, 2), Tensor.FromArray(landmarks, 1, 6, 10), targets);
    }

    [Fact]
    public void Matches_a_hand_computation_with_three_hardest_negatives()
    {
        var (boxes, logits, landmarks, targets) = HandMade();
        var value = new MultiBoxLoss().Forward(boxes, logits, landmarks, [targets]);

        double box = 0.125 + 1.5 + 0 + 0.02;
        double cls = Math.Log(1 + Math.Exp(-1))                              // the face: −log σ(1.5 − 0.5)
            + Math.Log(1 + Math.Exp(3)) + Math.Log(1 + Math.Exp(2)) + Math.Log(1 + Math.Exp(1));  // anchors 3, 1, 5
        double landmark = 2.5;
        Assert.Equal(1, value.Positives);
        Assert.Equal(3, value.Negatives);
        Assert.Equal(box, value.Box, 5);
        Assert.Equal(cls, value.Class, 5);
        Assert.Equal(landmark, value.Landmark, 5);
        Assert.Equal(2 * box + cls + landmark, value.Total.Item(), 4);
    }

    [Fact]
    public void Gradients_match_finite_differences()
    {
        var (boxes, logits, landmarks, targets) = HandMade();
        var loss = new MultiBoxLoss();
        Tensor[] inputs = [boxes, logits, landmarks];
        foreach (var t in inputs) t.RequiresGrad = true;
        loss.Forward(boxes, logits, landmarks, [targets]).Total.Backward();
        const float step = 1e-2f;  // the values sit away from the smooth-L1 kinks and the mining boundaries
        for (int k = 0; k < 3; k++)
        {
            var values = inputs[k].Span;
            var analytic = inputs[k].Grad!.ToArray();
            for (int j = 0; j < values.Length; j++)
            {
                float keep = values[j];
                values[j] = keep + step;
                double plus = Evaluate();
                values[j] = keep - step;
                double minus = Evaluate();
                values[j] = keep;
                double numeric = (plus - minus) / (2 * step);
                Assert.True(Math.Abs(numeric - analytic[j]) < 2e-3, $"input {k}, element {j}: analytic {analytic[j]}, numeric {numeric}");
            }
        }

        double Evaluate()
        {
            using var _ = FaceAlign.Nn.Autograd.NoGrad.Scope();
            return loss.Forward(boxes, logits, landmarks, [targets]).Total.Item();
        }
    }

    [Fact]
    public void Faces_without_landmarks_add_no_landmark_loss_and_an_empty_image_adds_nothing()
    {
        var (boxes, logits, landmarks, targets) = HandMade();
        targets.HasLandmarks[0] = false;
        targets.PositivesWithLandmarks = 0;
        var empty = new AnchorTargets(6);
        var twoImages = (Tensor b, Tensor z, Tensor l) => (Stack(b, Tensor.Zeros(1, 6, 4)), Stack(z, Tensor.Zeros(1, 6, 2)), Stack(l, Tensor.Zeros(1, 6, 10)));
        var (b2, z2, l2) = twoImages(boxes, logits, landmarks);
        var value = new MultiBoxLoss().Forward(b2, z2, l2, [targets, empty]);
        Assert.Equal(0f, value.Landmark);
        Assert.Equal(3, value.Negatives);  // none from the image without faces
        var single = new MultiBoxLoss().Forward(boxes, logits, landmarks, [targets]);
        Assert.Equal(single.Total.Item(), value.Total.Item(), 5);
    }

    [Fact]
    public void Mismatched_shapes_are_refused()
    {
        var (boxes, logits, landmarks, targets) = HandMade();
        Assert.Throws<ArgumentException>(() => new MultiBoxLoss().Forward(boxes, logits, Tensor.Zeros(1, 6, 8), [targets]));
        Assert.Throws<ArgumentException>(() => new MultiBoxLoss().Forward(boxes, logits, landmarks, [new AnchorTargets(5)]));
        Assert.Throws<ArgumentException>(() => new MultiBoxLoss().Forward(boxes, logits, landmarks, []));
    }

    private static Tensor Stack(Tensor a, Tensor b) => Functional.Reshape(Functional.Concat(
        Functional.Reshape(a, 1, a.Length), Functional.Reshape(b, 1, b.Length)), 2, a.Shape[1], a.Shape[2]);
}
