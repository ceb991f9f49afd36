// End-to-end: small seeded networks must actually learn — a conv + BatchNorm + inverted-residual net regresses a
// blob's position (a one-landmark task) and an MLP separates two 2-D classes.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using FaceAlign.Training.Losses;
using FaceAlign.Training.Optim;

namespace FaceAlign.Tests.Nn;

public class LearningTests
{
    /// <summary>(N, 1, 8, 8) images with a Gaussian blob at a random sub-pixel position; targets its (x, y) in [−1, 1].</summary>
    private static (Tensor Images, Tensor Targets) Blobs(Random rng, int n)
    {
        var images = Tensor.Zeros(n, 1, 8, 8);
        var targets = Tensor.Zeros(n, 2);
        for (int i = 0; i < n; i++)
        {
            float cx = 1.5f + 5 * rng.NextSingle(), cy = 1.5f + 5 * rng.NextSingle();
            targets.Span[2 * i] = cx / 3.5f - 1;
            targets.Span[2 * i + 1] = cy / 3.5f - 1;
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                    images.Span[i * 64 + y * 8 + x] = MathF.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 2f);
        }
        return (images, targets);
    }

    [Fact]
    public void Conv_net_regresses_blob_position_below_0_01_held_out_mse_in_80_adam_steps()
    {
        var rng = new Random(1);
        var model = new Sequential(
            new Conv2d(1, 8, 3, stride: 1, padding: 1, rng: rng),            // (N, 8, 8, 8)
            new BatchNorm2d(8),
            new ReLU(),
            new InvertedResidual(8, 8, 1, useResidual: true, expandRatio: 2, rng: rng),
            new Conv2d(8, 8, 3, stride: 2, padding: 1, rng: rng),            // (N, 8, 4, 4)
            new ReLU(),
            new Flatten(),                                                   // (N, 128)
            new Linear(128, 2, rng: rng));
        var (images, targets) = Blobs(rng, 64);
        var optimizer = new Adam(model.NamedParameters(), learningRate: 0.01f);
        var loss = new MseLoss();
        for (int step = 0; step < 80; step++)
        {
            using var scope = new TensorScope();
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(images), targets).Backward();
            optimizer.Step();
        }

        model.Eval();
        var (testImages, testTargets) = Blobs(new Random(2), 64);
        using var _ = NoGrad.Scope();
        float testMse = loss.Forward(model.Forward(testImages), testTargets).Item();
        Assert.True(testMse < 0.01f, $"held-out MSE {testMse}");
    }

    [Fact]
    public void Mlp_separates_two_classes_with_at_least_95_percent_accuracy()
    {
        // Two classes split by the line x + 2y = 0.3 with a margin of 0.1 around it.
        static (Tensor Points, int[] Labels) Sample(Random rng, int n)
        {
            var points = Tensor.Zeros(n, 2);
            var labels = new int[n];
            for (int i = 0; i < n;)
            {
                float x = 2 * rng.NextSingle() - 1, y = 2 * rng.NextSingle() - 1, side = x + 2 * y - 0.3f;
                if (Math.Abs(side) < 0.1f) continue;
                points.Span[2 * i] = x;
                points.Span[2 * i + 1] = y;
                labels[i++] = side > 0 ? 1 : 0;
            }
            return (points, labels);
        }

        var rng = new Random(3);
        var model = new Sequential(new Linear(2, 16, rng: rng), new ReLU(), new Linear(16, 2, rng: rng));
        var (train, trainLabels) = Sample(rng, 200);
        var optimizer = new Adam(model.NamedParameters(), learningRate: 0.05f);
        var loss = new CrossEntropyLoss();
        for (int step = 0; step < 150; step++)
        {
            optimizer.ZeroGrad();
            loss.Forward(model.Forward(train), trainLabels).Backward();
            optimizer.Step();
        }

        var (test, testLabels) = Sample(new Random(4), 500);
        using var _ = NoGrad.Scope();
        var logits = model.Forward(test).Span;
        int correct = 0;
        for (int i = 0; i < testLabels.Length; i++)
            if ((logits[2 * i + 1] > logits[2 * i] ? 1 : 0) == testLabels[i]) correct++;
        Assert.True(correct >= 0.95 * testLabels.Length, $"accuracy {correct}/{testLabels.Length}");
    }
}
