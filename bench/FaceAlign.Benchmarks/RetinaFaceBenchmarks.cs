// The RetinaFace detector end to end (pad, folded network, decode) on one noise image, one compute thread, random
// weights with the score threshold at 1 so NMS — whose cost depends on the faces found — sees nothing.
// Run: dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*RetinaFace*' --job short
using BenchmarkDotNet.Attributes;
using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Kernels;

namespace FaceAlign.Benchmarks;

[MemoryDiagnoser]
public class RetinaFaceBenchmarks
{
    private FaceDetector detector = null!;
    private Image image = null!;

    [Params("640x480", "320x240")]
    public string Size { get; set; } = "640x480";

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 1;
        detector = new FaceDetector(new RetinaFace(new Random(1)), FaceDetectorOptions.Default with { ScoreThreshold = 1f });
        var sides = Size.Split('x').Select(int.Parse).ToArray();
        image = new Image(sides[0], sides[1], PixelFormat.Rgb8);
        new Random(2).NextBytes(image.Pixels);
    }

    [Benchmark]
    public int Detect() => detector.Detect(image).Count;
}
