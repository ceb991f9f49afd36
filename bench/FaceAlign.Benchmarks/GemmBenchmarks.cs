using BenchmarkDotNet.Attributes;
using FaceAlign.Kernels;

namespace FaceAlign.Benchmarks;

/// <summary>
/// SGEMM C = A·B (row-major, no transposes) on square sizes and the shapes our CNNs produce: 1×1 convolutions as
/// GEMM (out channels × in channels × pixels) and a Linear layer (batch × in × out). GFLOPS = 2·M·N·K / time.
/// Run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*Gemm*' --job short</c>.
/// </summary>
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    [Params("256x256x256", "512x512x512", "1024x1024x1024", "64x3136x16", "128x784x64", "16x196x128", "64x136x1024")]
    public string Shape { get; set; } = "256x256x256";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private int M => int.Parse(Shape.Split('x')[0]);
    private int N => int.Parse(Shape.Split('x')[1]);
    private int K => int.Parse(Shape.Split('x')[2]);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        a = Enumerable.Range(0, M * K).Select(_ => random.NextSingle() - 0.5f).ToArray();
        b = Enumerable.Range(0, K * N).Select(_ => random.NextSingle() - 0.5f).ToArray();
        c = new float[M * N];
        ComputeThreads.Count = Threads;
    }

    [Benchmark]
    public void Sgemm() => Gemm.Sgemm(false, false, M, N, K, 1f, a, K, b, N, 0f, c, N);
}
