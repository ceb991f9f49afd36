// PFLD-1X's first stride-2 block without its projection: 1×1 expand 64 → 128 at 56×56 and a depthwise 3×3 stride 2,
// as two convs (the 1.6 MB expanded map written whole, then read back) and as Functional.ExpandDepthwise (groups of
// 16 channels kept in L2). Hot caches here, where the two run the same (530 vs 552 ± 98 µs, --job short); the groups
// pay off when the caches were evicted before the call, as the rest of the network does (762–782 → 659–666 µs, see
// Functional.ExpandDepthwise.cs).
// Run: dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*ExpandDepthwise*' --job short
using BenchmarkDotNet.Attributes;
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Benchmarks;

[MemoryDiagnoser]
public class ExpandDepthwiseBenchmarks
{
    private Tensor input = null!, expandWeight = null!, expandBias = null!, depthwiseWeight = null!, depthwiseBias = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 1;
        var rng = new Random(1);
        input = Tensor.Uniform(rng, -1, 1, 1, 64, 56, 56);
        expandWeight = Tensor.Uniform(rng, -0.2f, 0.2f, 128, 64, 1, 1);
        expandBias = Tensor.Uniform(rng, -0.5f, 0.5f, 128);
        depthwiseWeight = Tensor.Uniform(rng, -0.5f, 0.5f, 128, 1, 3, 3);
        depthwiseBias = Tensor.Uniform(rng, -0.5f, 0.5f, 128);
    }

    [Benchmark(Baseline = true)]
    public float TwoConvs()
    {
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        var expanded = Functional.Conv2d(input, expandWeight, expandBias, activation: Activation.Relu);
        return Functional.Conv2d(expanded, depthwiseWeight, depthwiseBias, 2, 1, 1, 128, Activation.Relu).Span[0];
    }

    [Benchmark]
    public float ByChannelGroups()
    {
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        var output = Functional.ExpandDepthwise(input, expandWeight, expandBias, Activation.Relu,
            depthwiseWeight, depthwiseBias, 2, Activation.Relu);
        return output.Span[0];
    }
}
