// A MobileNetV2 inverted-residual block 64 → 128 (expand ×2) → 64 at 28×28, stride 1 with residual, as in PFLD's
// backbone: eval forward (unfused and BN-folded) and a training forward + backward, at batch 1 and 16.
// Run: dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*InvertedResidual*' --job short
using BenchmarkDotNet.Attributes;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Benchmarks;

[MemoryDiagnoser]
public class InvertedResidualBenchmarks
{
    private InvertedResidual block = null!;
    private InvertedResidual fused = null!;
    private Tensor input = null!;  // (N, 64, 28, 28)

    [Params(1, 16)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        block = new InvertedResidual(64, 64, 1, useResidual: true, expandRatio: 2, rng: new Random(1));
        fused = new InvertedResidual(64, 64, 1, useResidual: true, expandRatio: 2, rng: new Random(1));
        fused.Eval();
        Fusion.Fuse(fused);
        input = Tensor.Uniform(new Random(2), -1, 1, Batch, 64, 28, 28);
    }

    [Benchmark]
    public float Forward()
    {
        block.Eval();
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        return block.Forward(input).Span[0];
    }

    [Benchmark]
    public float ForwardFused()
    {
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        return fused.Forward(input).Span[0];
    }

    [Benchmark]
    public float ForwardBackward()
    {
        block.Train();
        using var scope = new TensorScope();
        block.ZeroGrad();
        var loss = Functional.Mean(block.Forward(input));
        loss.Backward();
        return loss.Item();
    }
}
