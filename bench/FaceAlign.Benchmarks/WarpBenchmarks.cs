using System.Numerics;
using BenchmarkDotNet.Attributes;
using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Benchmarks;

/// <summary>
/// The image operations on the inference path: a 112×112 aligned RGB face crop from a 640×480 frame (to an image and
/// fused straight into CHW floats), and a 1920×1080 → 640×360 detector-input resize.
/// Quick run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*WarpBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WarpBenchmarks
{
    private Image _frame = null!;
    private Image _fullHd = null!;
    private Image _crop = null!;
    private float[] _tensor = null!;
    private AffineTransform _faceToCrop;
    private readonly TensorNormalization _unit = TensorNormalization.UnitRange();

    [GlobalSetup]
    public void Setup()
    {
        _frame = Noise(640, 480, 1);
        _fullHd = Noise(1920, 1080, 2);
        _crop = new Image(112, 112, PixelFormat.Rgb8);
        _tensor = new float[ImageTensor.Length(112, 112)];
        // A 150-pixel face tilted by 0.3 rad around (400, 260), scaled into 112×112.
        _faceToCrop = AffineTransform.RotationAbout(new Vector2(400, 260), 0.3, 112.0 / 150)
            .Then(AffineTransform.Translation(56 - 400, 56 - 260));
    }

    [Benchmark]
    public void WarpFaceCrop112() => AffineWarp.Apply(_frame, _faceToCrop, _crop, Border.Constant());

    [Benchmark]
    public void WarpFaceCrop112ToChw() =>
        ImageTensor.WriteWarped(_frame, _faceToCrop, 112, 112, Border.Constant(), _unit, _tensor);

    [Benchmark]
    public Image Resize1080pTo360p() => Resize.Bilinear(_fullHd, 640, 360);

    private static Image Noise(int width, int height, int seed)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }
}
