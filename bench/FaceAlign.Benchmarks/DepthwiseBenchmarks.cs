using BenchmarkDotNet.Attributes;
using FaceAlign.Kernels;

namespace FaceAlign.Benchmarks;

/// <summary>
/// Depthwise 3×3 forward (bias + ReLU6 fused) and both backward passes on MobileNet-style layer shapes.
/// Run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*Depthwise*' --job short</c>.
/// </summary>
public class DepthwiseBenchmarks
{
    private float[] input = [], weight = [], bias = [], output = [], dInput = [], dWeight = [], dBias = [];
    private int channels, size, outSize;

    // C×H×W/stride
    [Params("64x56/1", "128x28/2", "256x14/1")]
    public string Layer { get; set; } = "64x56/1";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private int Stride => int.Parse(Layer.Split('/')[1]);

    [GlobalSetup]
    public void Setup()
    {
        channels = int.Parse(Layer.Split('x')[0]);
        size = int.Parse(Layer.Split('x', '/')[1]);
        outSize = (size - 1) / Stride + 1;
        var random = new Random(1);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        input = Random(channels * size * size);
        weight = Random(channels * 9);
        bias = Random(channels);
        output = Random(channels * outSize * outSize);
        dInput = new float[input.Length];
        dWeight = new float[weight.Length];
        dBias = new float[bias.Length];
        ComputeThreads.Count = Threads;
    }

    [Benchmark]
    public void Forward() => DepthwiseConv3x3.Forward(input, channels, size, size, weight, bias, Stride, output, Activation.Relu6);

    [Benchmark]
    public void BackwardInput() => DepthwiseConv3x3.BackwardInput(output, channels, size, size, weight, Stride, dInput);

    [Benchmark]
    public void BackwardWeight() => DepthwiseConv3x3.BackwardWeight(input, output, channels, size, size, Stride, dWeight, dBias);
}
