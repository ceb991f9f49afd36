using BenchmarkDotNet.Attributes;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;

namespace FaceAlign.Benchmarks;

/// <summary>
/// PNG decode throughput on a 2048×1536 (3.1 MP) RGB image made at setup by our encoder — the astronaut upscaled
/// bilinearly when ../shared/data (or FACEALIGN_DATA) is present, smooth synthetic content otherwise. Nothing big
/// is committed. MB/s = encoded bytes (printed at setup) / mean time; MP/s = 3.15 / mean time in seconds.
/// </summary>
[MemoryDiagnoser]
public class PngDecodeBenchmarks
{
    private const int Width = 2048;
    private const int Height = 1536;

    private byte[] _png = [];

    [GlobalSetup]
    public void Setup()
    {
        var source = FindAstronaut() is { } path ? Upscale(Image.Load(path).ToRgb(), Width, Height) : Synthetic(Width, Height);
        _png = PngEncoder.Encode(source);
        Console.WriteLine($"// PNG {Width}×{Height} RGB: {_png.Length} bytes ({_png.Length / 1e6:F2} MB)");
    }

    [Benchmark]
    public Image Decode() => PngDecoder.Decode(_png, DecoderOptions.Default);

    private static string? FindAstronaut()
    {
        var roots = new[] { Environment.GetEnvironmentVariable("FACEALIGN_DATA"), "../shared/data", "../../shared/data" };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            foreach (var root in roots)
            {
                if (string.IsNullOrEmpty(root))
                    continue;
                var candidate = Path.Combine(Path.IsPathRooted(root) ? root : Path.Combine(dir.FullName, root), "fixtures/images/astronaut.png");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static Image Upscale(Image src, int width, int height)
    {
        var dst = new Image(width, height, PixelFormat.Rgb8);
        for (int y = 0; y < height; y++)
        {
            float sy = (y + 0.5f) * src.Height / height - 0.5f;
            int y0 = Math.Clamp((int)MathF.Floor(sy), 0, src.Height - 1), y1 = Math.Min(y0 + 1, src.Height - 1);
            float fy = Math.Clamp(sy - y0, 0, 1);
            for (int x = 0; x < width; x++)
            {
                float sx = (x + 0.5f) * src.Width / width - 0.5f;
                int x0 = Math.Clamp((int)MathF.Floor(sx), 0, src.Width - 1), x1 = Math.Min(x0 + 1, src.Width - 1);
                float fx = Math.Clamp(sx - x0, 0, 1);
                for (int c = 0; c < 3; c++)
                {
                    float top = src.Pixels[(y0 * src.Width + x0) * 3 + c] * (1 - fx) + src.Pixels[(y0 * src.Width + x1) * 3 + c] * fx;
                    float bottom = src.Pixels[(y1 * src.Width + x0) * 3 + c] * (1 - fx) + src.Pixels[(y1 * src.Width + x1) * 3 + c] * fx;
                    dst.Pixels[(y * width + x) * 3 + c] = (byte)(top * (1 - fy) + bottom * fy + 0.5f);
                }
            }
        }
        return dst;
    }

    private static Image Synthetic(int width, int height)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                image.Pixels[i] = (byte)(128 + 100 * Math.Sin(x * 0.01) * Math.Cos(y * 0.013));
                image.Pixels[i + 1] = (byte)((x + y) / 16);
                image.Pixels[i + 2] = (byte)(200 - y / 10);
            }
        }
        return image;
    }
}
