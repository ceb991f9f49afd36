using System.CommandLine;
using System.Globalization;
using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign bench pipeline --size 640x480 --faces 1 --threads 1</c>: FaceAnalyzer.Analyze with the embedded default
/// models on a synthetic image. The real detector runs on every call, but its answer is replaced by --faces fixed face
/// boxes (a synthetic image has no faces to find), so the landmark, pose and quality cost per face is measured too.
/// Prints <c>{"bench":"pipeline",...,"ms_per_image":..,"ms_no_faces":..,"ms_per_extra_face":..}</c>: medians, where
/// ms_per_extra_face = (ms_per_image − ms_no_faces) / faces.
/// </summary>
public static class BenchPipelineCommand
{
    public static Command Create()
    {
        var size = new Option<string>("--size") { Description = "Image size WxH", DefaultValueFactory = _ => "640x480" };
        var faces = new Option<int>("--faces") { Description = "Faces per image", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs per configuration (the median is reported)", DefaultValueFactory = _ => 20 };
        var command = new Command("pipeline", "Whole-pipeline speed (detector + landmarks + pose) with the embedded default models.");
        foreach (var option in new Option[] { size, faces, threads, runs })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            int k = parse.GetValue(faces), t = parse.GetValue(threads), n = parse.GetValue(runs);
            if (!TryParseSize(parse.GetRequiredValue(size), out int width, out int height) || k < 0 || t < 1 || n < 1)
            {
                CliError.Report("bench pipeline", "--size is WxH with positive sides, --faces at least 0, --threads and --runs at least 1", error);
                return CliError.Failure;
            }
            IFaceDetector? detector = null;
            Models.PfldLandmarker? landmarker = null;
            var options = new FaceAnalyzerOptions { Threads = t };
            bool loaded = CliError.Try("bench pipeline", () =>
            {
                DefaultModels.Require([DefaultModels.DetectorFile, DefaultModels.LandmarkFile(options.LandmarkWidth)]);
                detector = DefaultModels.LoadDetector();
                landmarker = DefaultModels.LoadLandmarker(options.LandmarkWidth);
            }, error);
            if (!loaded) return CliError.Failure;

            var image = SyntheticImage(width, height);
            using var none = new FaceAnalyzer(new FixedFaces(detector!, []), landmarker!, options);
            using var some = new FaceAnalyzer(new FixedFaces(detector!, GridFaces(width, height, k)), landmarker!, options);
            double msNone = BenchModelCommand.MedianMilliseconds(n, () => none.Analyze(image));
            double msSome = k == 0 ? msNone : BenchModelCommand.MedianMilliseconds(n, () => some.Analyze(image));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"bench\":\"pipeline\",\"width\":{width},\"height\":{height},\"faces\":{k},\"threads\":{t},\"refine\":{(options.RefineLandmarkBox ? "true" : "false")},\"ms_per_image\":{msSome:F3},\"ms_no_faces\":{msNone:F3},\"ms_per_extra_face\":{(k == 0 ? 0 : (msSome - msNone) / k):F3}}}"));
            if (detector is IDisposable disposable) disposable.Dispose();
            return 0;
        });
        return command;
    }

    private static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var parts = text.Split('x', 'X');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out height) && width > 0 && height > 0;
    }

    /// <summary>Smooth colour waves plus noise: image-like for the decoder-free pipeline, same every run.</summary>
    private static Image SyntheticImage(int width, int height)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        var random = new Random(7);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    image.Pixels[(y * width + x) * 3 + c] = (byte)Math.Clamp(128 + 90 * Math.Sin((x * (c + 1) + y * (3 - c)) * 0.03) + random.Next(-20, 21), 0, 255);
        return image;
    }

    /// <summary><paramref name="count"/> square faces on a grid filling the image, each 60 % of its cell.</summary>
    private static DetectedFace[] GridFaces(int width, int height, int count)
    {
        if (count == 0) return [];
        int columns = (int)Math.Ceiling(Math.Sqrt(count)), rows = (count + columns - 1) / columns;
        float cell = Math.Min(width / (float)columns, height / (float)rows), side = 0.6f * cell;
        var faces = new DetectedFace[count];
        for (int i = 0; i < count; i++)
        {
            var centre = new Vector2((i % columns + 0.5f) * cell, (i / columns + 0.5f) * cell);
            var box = Box.FromCenter(centre, side, side);
            faces[i] = new DetectedFace(box, 0.99f,
            [
                centre + new Vector2(-0.2f, -0.1f) * side, centre + new Vector2(0.2f, -0.1f) * side, centre,
                centre + new Vector2(-0.15f, 0.2f) * side, centre + new Vector2(0.15f, 0.2f) * side,
            ]);
        }
        return faces;
    }

    /// <summary>Runs the real detector (for its cost) and answers with fixed faces.</summary>
    private sealed class FixedFaces(IFaceDetector inner, IReadOnlyList<DetectedFace> faces) : IFaceDetector
    {
        public IReadOnlyList<DetectedFace> Detect(Image image)
        {
            inner.Detect(image);
            return faces;
        }
    }
}
