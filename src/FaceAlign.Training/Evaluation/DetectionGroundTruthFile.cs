using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Training.Evaluation;

/// <summary>
/// Reads detection ground truth from a dlib imglab XML file (<c>.xml</c>: boxes with <c>ignore='1'</c> become ignore
/// regions), a WIDER FACE ground-truth text file (any other file: faces flagged invalid become ignore regions), or a
/// folder of pictures without faces (every image file directly in it, sorted by name: any detection is a false
/// positive — the check that a detector stays silent on cats and textures). Boxes of zero width or height cannot be
/// matched by any IoU, so both annotation formats turn them into ignore regions too.
/// </summary>
public static class DetectionGroundTruthFile
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".ppm", ".pgm", ".pnm"];

    /// <summary>
    /// Image paths are resolved against <paramref name="imagesRoot"/>, by default the annotation file's folder (where
    /// imglab keeps them; for WIDER FACE pass the WIDER_val/images folder).
    /// </summary>
    public static IReadOnlyList<DetectionGroundTruth> Read(string path, string? imagesRoot = null)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => new DetectionGroundTruth(f, [], []))
                .ToList();
        }
        imagesRoot ??= Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (string.Equals(Path.GetExtension(path), ".xml", StringComparison.OrdinalIgnoreCase))
        {
            return DlibXml.Read(path)
                .Select(image => Split(Path.Combine(imagesRoot, image.File), image.Boxes.Select(b => (b.Box, b.Ignore))))
                .ToList();
        }
        return WiderFaceGroundTruth.Read(path)
            .Select(image => Split(Path.Combine(imagesRoot, image.File), image.Faces.Select(f => (f.Box, f.Invalid))))
            .ToList();
    }

    private static DetectionGroundTruth Split(string imagePath, IEnumerable<(Box Box, bool Ignore)> boxes)
    {
        var faces = new List<Box>();
        var ignore = new List<Box>();
        foreach (var (box, ignored) in boxes)
            (ignored || box.IsEmpty ? ignore : faces).Add(box);
        return new DetectionGroundTruth(imagePath, faces, ignore);
    }
}
