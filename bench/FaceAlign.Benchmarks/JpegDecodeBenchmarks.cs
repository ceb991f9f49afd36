using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Benchmarks;

/// <summary>
/// Single-thread JPEG decoding of a 9.4-megapixel photo (astronaut.png upscaled 6× with ImageMagick, then cjpeg
/// -quality 90 -sample 2x2, baseline and -progressive), made once at setup in a temp folder — big files are never
/// committed. FACEALIGN_JPEG_BASELINE / FACEALIGN_JPEG_PROGRESSIVE may name other files instead.
/// Run: <c>dotnet run -c Release --project bench/FaceAlign.Benchmarks -- --filter '*JpegDecode*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class JpegDecodeBenchmarks
{
    private byte[] jpeg = [];

    [Params("baseline420", "progressive420")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        bool progressive = File == "progressive420";
        var path = Environment.GetEnvironmentVariable(progressive ? "FACEALIGN_JPEG_PROGRESSIVE" : "FACEALIGN_JPEG_BASELINE");
        jpeg = System.IO.File.ReadAllBytes(string.IsNullOrEmpty(path) ? MakeFile(progressive) : path);
    }

    [Benchmark]
    public Image Decode() => JpegDecoder.Decode(jpeg, DecoderOptions.Default);

    private static string MakeFile(bool progressive)
    {
        var dir = Path.Combine(Path.GetTempPath(), "facealign-jpeg-bench");
        Directory.CreateDirectory(dir);
        var ppm = Path.Combine(dir, "astronaut600.ppm");
        var jpg = Path.Combine(dir, progressive ? "big-progressive420.jpg" : "big420.jpg");
        if (System.IO.File.Exists(jpg))
            return jpg;
        if (!System.IO.File.Exists(ppm))
            Run("/usr/bin/convert-im6.q16", $"\"{FindAstronaut()}\" -resize 600% \"{ppm}\"");
        Run("cjpeg", $"-quality 90 -sample 2x2 {(progressive ? "-progressive " : "")}-outfile \"{jpg}\" \"{ppm}\"");
        return jpg;
    }

    private static string FindAstronaut()
    {
        var data = Environment.GetEnvironmentVariable("FACEALIGN_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); string.IsNullOrEmpty(data) && dir != null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "FaceAlign.sln")))
                data = Path.Combine(dir.FullName, "..", "shared", "data");
        }
        var path = Path.Combine(data ?? ".", "fixtures", "images", "astronaut.png");
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException("astronaut.png not found; set FACEALIGN_DATA or FACEALIGN_JPEG_BASELINE/PROGRESSIVE", path);
    }

    private static void Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {tool}");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {arguments} failed with exit code {process.ExitCode}");
    }
}
