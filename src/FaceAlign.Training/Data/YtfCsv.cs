using System.Globalization;
using System.Numerics;

namespace FaceAlign.Training.Data;

/// <summary>
/// The ytf68 landmark tables (train.csv, val.csv): a header <c>image,x0,y0,...,x67,y67</c>, then one face per row
/// with the image path relative to the CSV's folder and 68 iBUG points as stored (pixels, origin at the top-left
/// pixel's corner). Plain comma-separated fields; quoted fields are not part of this format.
/// </summary>
public static class YtfCsv
{
    public const int PointCount = 68;

    /// <summary>Reads the file; image paths are made absolute relative to the file's folder.</summary>
    public static IReadOnlyList<LandmarkSample> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses CSV text; <paramref name="imageRoot"/>, when given, is prefixed to each image path.</summary>
    public static IReadOnlyList<LandmarkSample> Parse(TextReader reader, string source, string? imageRoot = null)
    {
        int lineNumber = 1;
        var header = reader.ReadLine() ?? throw new AnnotationFormatException(source, 1, "empty file: expected the header image,x0,y0,...,x67,y67");
        CheckHeader(header.Split(','), source);

        var samples = new List<LandmarkSample>();
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var fields = line.Split(',');
            if (fields.Length != 1 + 2 * PointCount)
                throw new AnnotationFormatException(source, lineNumber, $"{fields.Length} fields, expected {1 + 2 * PointCount} (image and 68 x,y pairs)");
            if (fields[0].Trim().Length == 0)
                throw new AnnotationFormatException(source, lineNumber, "missing image path");
            var points = AnnotationFields.Points(fields, 1, PointCount, source, lineNumber);
            string image = imageRoot is null ? fields[0] : Path.Combine(imageRoot, fields[0]);
            samples.Add(new LandmarkSample(image, points));
        }
        return samples;
    }

    /// <summary>
    /// Writes <paramref name="samples"/> (68 points each) as a table <see cref="Read"/> reads back: image paths are
    /// written relative to the file's folder, coordinates with up to 3 decimals.
    /// </summary>
    public static void Write(string path, IEnumerable<LandmarkSample> samples)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using var writer = new StreamWriter(path);
        writer.Write("image");
        for (int i = 0; i < PointCount; i++)
            writer.Write($",x{i},y{i}");
        writer.WriteLine();
        foreach (var sample in samples)
        {
            if (sample.Landmarks.Length != PointCount)
                throw new ArgumentException($"{sample.ImagePath}: {sample.Landmarks.Length} landmarks, the table holds {PointCount}");
            string image = Path.GetRelativePath(folder, Path.GetFullPath(sample.ImagePath)).Replace('\\', '/');
            if (image.Contains(','))
                throw new ArgumentException($"{sample.ImagePath}: a comma in the path cannot be written to this format");
            writer.Write(image);
            foreach (var p in sample.Landmarks)
                writer.Write(string.Create(CultureInfo.InvariantCulture, $",{p.X:0.###},{p.Y:0.###}"));
            writer.WriteLine();
        }
    }

    /// <summary>
    /// The person in a ytf68 frame: the file name without its trailing frame number, e.g.
    /// "images/train/Luis_Fonsi_21.jpg" → "Luis_Fonsi". Use it to split by identity (train and val share people).
    /// </summary>
    public static string IdentityOf(string imagePath)
    {
        var name = Path.GetFileNameWithoutExtension(imagePath);
        int underscore = name.LastIndexOf('_');
        bool numbered = underscore > 0 && underscore < name.Length - 1 && name[(underscore + 1)..].All(char.IsAsciiDigit);
        return numbered ? name[..underscore] : name;
    }

    private static void CheckHeader(string[] names, string source)
    {
        if (names.Length != 1 + 2 * PointCount || names[0] != "image")
            throw new AnnotationFormatException(source, 1, $"header has {names.Length} columns starting '{names[0]}'; expected image,x0,y0,...,x67,y67");
        for (int i = 0; i < PointCount; i++)
        {
            if (names[1 + 2 * i] != $"x{i}" || names[2 + 2 * i] != $"y{i}")
                throw new AnnotationFormatException(source, 1, $"header column {1 + 2 * i} is '{names[1 + 2 * i]}', expected 'x{i}'");
        }
    }
}
