// A seeded training step must not depend on how many threads ran it: resume-from-checkpoint equality, and the
// promise that a model trained on a laptop and on a server from the same seed is the same model, both rest on it.
using FaceAlign.Kernels;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Tests.Nn;

[Collection(nameof(ThreadCountIndependenceTests))]
public class ThreadCountIndependenceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the auxiliary net's 128→128 conv takes the Winograd route: 12 images, three groups of tiles
    public void A_pfld_training_step_gives_bit_identical_gradients_on_one_two_and_four_threads(bool auxiliary)
    {
        int saved = ComputeThreads.Count;
        try
        {
            var reference = Gradients(threads: 1, auxiliary);
            foreach (int threads in new[] { 2, 4 })
            {
                var other = Gradients(threads, auxiliary);
                Assert.Equal(reference.Count, other.Count);
                foreach (var (name, values) in reference)
                    Assert.True(values.AsSpan().SequenceEqual(other[name]), $"{name} differs between 1 and {threads} threads");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Fact]
    public void Kernels_called_from_a_batch_parallel_body_stay_on_its_thread()
    {
        int saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = 2;
            var inside = new int[8];
            BatchParallel.For(inside.Length, i => inside[i] = ComputeThreads.Available);
            Assert.All(inside, available => Assert.Equal(1, available));
            Assert.Equal(2, ComputeThreads.Available);
            Assert.Throws<AggregateException>(() => BatchParallel.For(4, i => throw new InvalidOperationException("body failed")));
            Assert.Equal(2, ComputeThreads.Available);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    private static Dictionary<string, float[]> Gradients(int threads, bool auxiliary)
    {
        ComputeThreads.Count = threads;
        var model = new Pfld(0.25f, 68, new Random(3));
        model.Train();
        var aux = new AuxiliaryNet(model.FeatureChannels, new Random(5));
        aux.Train();
        var input = Tensor.Uniform(new Random(4), -1f, 1f, auxiliary ? 12 : 6, 3, Pfld.InputSize, Pfld.InputSize);
        var (landmarks, features) = model.Forward(input);
        var loss = Functional.Sum(Functional.Mul(landmarks, landmarks));
        if (auxiliary)
        {
            var angles = aux.Forward(features);
            loss = Functional.Add(loss, Functional.Sum(Functional.Mul(angles, angles)));
        }
        loss.Backward();
        var gradients = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());
        if (auxiliary)
            foreach (var (name, parameter) in aux.NamedParameters())
                gradients["aux." + name] = parameter.Grad!.ToArray();
        return gradients;
    }
}
