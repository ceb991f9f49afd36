// The models FaceAnalyzer.CreateDefault uses, embedded in this assembly from models/*.safetensors at build time
// (see FaceAlign.csproj). A build without the files still works; asking for a missing model throws MissingModelException.
using System.Globalization;
using System.Reflection;
using FaceAlign.Detection;
using FaceAlign.Models;

namespace FaceAlign.Pipeline;

internal static class DefaultModels
{
    public const string DetectorFile = "retinaface-mnet025.safetensors";

    /// <summary>File name of the 68-point PFLD of a given width: 0.25 → pfld68-0.25x.safetensors.</summary>
    public static string LandmarkFile(float width) => $"pfld68-{width.ToString("0.###", CultureInfo.InvariantCulture)}x.safetensors";

    /// <summary>Resources are named after their path in the repository (LogicalName in FaceAlign.csproj).</summary>
    public static string ResourceName(string file) => "models/" + file;

    public static bool IsEmbedded(string file) => Assembly.GetManifestResourceInfo(ResourceName(file)) is not null;

    /// <summary>Throws <see cref="MissingModelException"/> naming every one of <paramref name="files"/> that is not embedded.</summary>
    public static void Require(IEnumerable<string> files)
    {
        var missing = files.Where(f => !IsEmbedded(f)).Select(ResourceName).ToList();
        if (missing.Count > 0)
            throw new MissingModelException(
                $"this FaceAlign build has no embedded {string.Join(" or ", missing)}: put the weights in the repository's models/ folder and rebuild, or load weights files with FaceAnalyzer.Create",
                missing[0]);
    }

    public static IFaceDetector LoadDetector() => LoadEmbedded(DetectorFile, LoadDetector);

    public static PfldLandmarker LoadLandmarker(float width) =>
        LoadEmbedded(LandmarkFile(width), stream => PfldLandmarker.Load(stream, ResourceName(LandmarkFile(width))));

    public static IFaceDetector LoadDetector(string path)
    {
        using var stream = File.OpenRead(path);
        return LoadDetector(stream);
    }

    /// <summary>
    /// The one place a detector weights file becomes an <see cref="IFaceDetector"/>: a RetinaFace whose own threshold
    /// is RetinaFace's evaluation threshold (0.02), so that the analyzer's <see cref="FaceAnalyzerOptions.DetectionThreshold"/>
    /// is what decides (NMS keeps the same faces above any threshold whatever lower-scoring candidates it also saw).
    /// </summary>
    public static IFaceDetector LoadDetector(Stream stream) => FaceDetector.Load(stream, AnalyzerDetectorOptions);

    /// <summary>The embedded RetinaFace with the given options (the <c>faces</c> command).</summary>
    public static FaceDetector LoadDetector(FaceDetectorOptions options) =>
        LoadEmbedded(DetectorFile, stream => FaceDetector.Load(stream, options, ResourceName(DetectorFile)));

    private static FaceDetectorOptions AnalyzerDetectorOptions { get; } = FaceDetectorOptions.Default with { ScoreThreshold = 0.02f };

    private static T LoadEmbedded<T>(string file, Func<Stream, T> load)
    {
        Require([file]);
        using var stream = Assembly.GetManifestResourceStream(ResourceName(file))!;
        return load(stream);
    }

    private static Assembly Assembly => typeof(DefaultModels).Assembly;
}
