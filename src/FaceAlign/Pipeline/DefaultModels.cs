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
    /// The one place a detector weights file becomes an <see cref="IFaceDetector"/>. Integration seam: becomes
    /// <c>FaceDetector.Load(stream)</c> once the RetinaFace detector is merged.
    /// </summary>
    public static IFaceDetector LoadDetector(Stream stream) => throw new NotSupportedException("RetinaFace detector not merged yet");

    private static T LoadEmbedded<T>(string file, Func<Stream, T> load)
    {
        Require([file]);
        using var stream = Assembly.GetManifestResourceStream(ResourceName(file))!;
        return load(stream);
    }

    private static Assembly Assembly => typeof(DefaultModels).Assembly;
}
