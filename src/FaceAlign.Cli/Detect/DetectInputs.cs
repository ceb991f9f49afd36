// Expands the command line's INPUT arguments into the images to analyse, in a stable order.
// Folder rule (documented in DetectCommand): files with an image extension are always analysed, so a broken photo is
// reported; other files are analysed only when their first bytes are a known image format and skipped silently
// otherwise (notes, sidecar .json, .DS_Store). Hidden files and the --out folder are never read.
using FaceAlign.Imaging;

namespace FaceAlign.Cli.Detect;

internal sealed class DetectInputs
{
    /// <summary>Extensions that promise an image; a file with one that does not decode is an error, not noise.</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(
        [".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".ppm", ".pgm", ".pnm"], StringComparer.OrdinalIgnoreCase);

    public List<DetectInput> Images { get; } = [];

    /// <summary>Inputs that gave nothing to do: (subject, reason) for <c>facealign: subject: reason</c>.</summary>
    public List<(string Subject, string Reason)> Errors { get; } = [];

    /// <summary>Files in folders that were skipped because they are neither named nor shaped like an image.</summary>
    public int Skipped { get; private set; }

    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Images from files and folders (recursively, sorted by relative path), <paramref name="exclude"/> left out.</summary>
    public static DetectInputs Expand(IEnumerable<string> arguments, string? exclude)
    {
        var result = new DetectInputs();
        string? excluded = exclude is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(exclude)) + Path.DirectorySeparatorChar;
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
                result.AddFolder(argument, excluded);
            else if (File.Exists(argument))
                result.Add(argument, Path.GetFileNameWithoutExtension(argument));
            else
                result.Errors.Add((argument, "no such file or directory"));
        }
        return result;
    }

    private void AddFolder(string folder, string? excluded)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
        var files = Directory.EnumerateFiles(folder, "*", options)
            .Where(f => excluded is null || !Path.GetFullPath(f).StartsWith(excluded, StringComparison.Ordinal))
            .Select(f => (Path: f, Relative: Path.GetRelativePath(folder, f)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        int before = Images.Count;
        foreach (var (path, relative) in files)
        {
            if (ImageExtensions.Contains(Path.GetExtension(path)) || LooksLikeImage(path))
                Add(path, Path.ChangeExtension(relative, null));
            else
                Skipped++;
        }
        if (Images.Count == before)
            Errors.Add((folder, files.Count == 0 ? "folder has no files" : $"no images in folder ({files.Count} other files skipped)"));
    }

    /// <summary>True when the first bytes are a format FaceAlign decodes, or the file cannot be read (then it is reported later).</summary>
    private static bool LooksLikeImage(string path)
    {
        try
        {
            Span<byte> head = stackalloc byte[16];
            using var stream = File.OpenRead(path);
            int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return ImageDecoder.DetectFormat(head[..n]) != ImageFormat.Unknown;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Adds an image under a name no earlier image has (a.jpg and a.png in one folder become a and a~2).</summary>
    private void Add(string path, string name)
    {
        string unique = name;
        for (int k = 2; !names.Add(unique); k++)
            unique = $"{name}~{k}";
        Images.Add(new DetectInput(path, unique));
    }
}
