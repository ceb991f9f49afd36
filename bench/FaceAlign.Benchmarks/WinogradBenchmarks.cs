using BenchmarkDotNet.Attributes;
using FaceAlign.Kernels;
using FaceAlign.Nn;

namespace FaceAlign.Benchmarks;

/// <summary>
/// PFLD's auxiliary 3×3 128→128 conv at 14×14 in training (batch 64): forward, and forward + backward, on the Winograd
/// route against the im2col route it replaced.
/// Run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*Winograd*' --job short</c>.
/// </summary>
public class WinogradBenchmarks
{
    private Tensor x = Tensor.Zeros(1), weight = Tensor.Zeros(1), seed = Tensor.Zeros(1);

    /// <summary>True: the Winograd route; false: im2col + ConvGemm.</summary>
    [Params(true, false)]
    public bool Winograd { get; set; }

    private Functional.WinogradUse Route => Winograd ? Functional.WinogradUse.Always : Functional.WinogradUse.Never;

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        x = Tensor.Uniform(rng, -1f, 1f, 64, 128, 14, 14);
        weight = Tensor.Uniform(rng, -0.05f, 0.05f, 128, 128, 3, 3);
        seed = Tensor.Uniform(rng, -1f, 1f, 64, 128, 14, 14);
        ComputeThreads.Count = Threads;
    }

    [Benchmark]
    public void Forward()
    {
        using var scope = new TensorScope();
        x.RequiresGrad = false;
        weight.RequiresGrad = false;
        Functional.Conv2d(x, weight, null, 1, 1, 1, 1, Activation.None, null, null, Route);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        using var scope = new TensorScope();
        x.RequiresGrad = true;
        weight.RequiresGrad = true;
        x.ZeroGrad();
        weight.ZeroGrad();
        Functional.Conv2d(x, weight, null, 1, 1, 1, 1, Activation.None, null, null, Route).Backward(seed);
    }
}
