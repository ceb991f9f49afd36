using BenchmarkDotNet.Attributes;
using FaceAlign.Kernels;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Benchmarks;

/// <summary>
/// One 112×112 face through the BN-folded PFLD (what <c>facealign bench model pfld</c> times, with BenchmarkDotNet's
/// warm-up and statistics), and the conv forward kernel on PFLD's commonest 1×1 shapes.
/// Run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*Pfld*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PfldBenchmarks
{
    private Pfld model = null!;
    private Tensor input = null!;  // (1, 3, 112, 112)
    private float[] weight = [], x = [], bias = [], y = [];

    [Params(0.25f, 1f)]
    public float Width { get; set; } = 0.25f;

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = Threads;
        model = new Pfld(Width, 68, new Random(1));
        model.Eval();
        Fusion.Fuse(model);
        input = Tensor.Uniform(new Random(2), 0, 1, 1, 3, Pfld.InputSize, Pfld.InputSize);
        // Stage-5 expand of this width: (4·c32) × 196 × c32.
        int c32 = Math.Max(1, (int)(32 * Width));
        var random = new Random(3);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        weight = Random(4 * c32 * c32);
        x = Random(c32 * 196);
        bias = Random(4 * c32);
        y = new float[4 * c32 * 196];
    }

    [Benchmark]
    public float Forward()
    {
        using var scope = new TensorScope();
        using var _ = NoGrad.Scope();
        return model.Forward(input).Landmarks.Span[0];
    }

    [Benchmark]
    public float Stage5Expand()
    {
        int k = x.Length / 196;
        ConvGemm.Forward(bias.Length, 196, k, weight, x, bias, default, y, Activation.Relu);
        return y[0];
    }
}
