// A seeded training step must not depend on how many threads ran it: resume-from-checkpoint equality, and the
// promise that a model trained on a laptop and on a server from the same seed is the same model, both rest on it.
using FaceAlign.Kernels;
using FaceAlign.Models;
using FaceAlign.Nn;

namespace FaceAlign.Tests.Nn;

[Collection(nameof(ThreadCountIndependenceTests))]
public class ThreadCountIndependenceTests
{
    [Fact]
    public void A_pfld_training_step_gives_bit_identical_gradients_on_one_two_and_four_threads()
    {
        int saved = ComputeThreads.Count;
        try
        {
            var reference = Gradients(threads: 1);
            foreach (int threads in new[] { 2, 4 })
            {
                var other = Gradients(threads);
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

    private static Dictionary<string, float[]> Gradients(int threads)
    {
        ComputeThreads.Count = threads;
        var model = new Pfld(0.25f, 68, new Random(3));
        model.Train();
        var input = Tensor.Uniform(new Random(4), -1f, 1f, 6, 3, Pfld.InputSize, Pfld.InputSize);
        var (landmarks, _) = model.Forward(input);
        Functional.Sum(Functional.Mul(landmarks, landmarks)).Backward();
        return model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());
    }
}
