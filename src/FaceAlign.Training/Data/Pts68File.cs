using System.Numerics;

namespace FaceAlign.Training.Data;

/// <summary>
/// iBUG .pts files (300-W, Sagonas et al. 2016): <c>version: 1</c>, <c>n_points: 68</c>, <c>{</c>, 68 lines
/// <c>x y</c>, <c>}</c>. 300-W coordinates are 1-based pixel centres (MATLAB convention: the top-left pixel's centre
/// is (1, 1)); FaceAlign puts the origin at that pixel's corner, where its centre is (0.5, 0.5). So by default
/// <see cref="Parse"/> subtracts 0.5 from both coordinates; pass <c>oneBased: false</c> to keep values as stored.
/// (Tools that use 0-based pixel centres, e.g. OpenCV, subtract 1 instead; they sit 0.5 px from our frame.)
/// </summary>
public static class Pts68File
{
    public const int PointCount = 68;

    public static Vector2[] Read(string path, bool oneBased = true)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path, oneBased);
    }

    public static Vector2[] Parse(TextReader reader, string source, bool oneBased = true)
    {
        int lineNumber = 0;
        string Next(string expecting)
        {
            string? line;
            do
            {
                line = reader.ReadLine();
                if (line is null)
                    throw new AnnotationFormatException(source, Math.Max(lineNumber, 1), $"unexpected end of file, expected {expecting}");
                lineNumber++;
                line = line.Trim();
            }
            while (line.Length == 0);
            return line;
        }

        var version = Next("'version: 1'");
        if (!version.StartsWith("version:", StringComparison.Ordinal))
            throw new AnnotationFormatException(source, lineNumber, $"expected 'version: 1', found '{version}'");
        var count = Next("'n_points: 68'");
        if (!count.StartsWith("n_points:", StringComparison.Ordinal))
            throw new AnnotationFormatException(source, lineNumber, $"expected 'n_points: 68', found '{count}'");
        int n = AnnotationFields.Int(count["n_points:".Length..].Trim(), source, lineNumber, "n_points");
        if (n != PointCount)
            throw new AnnotationFormatException(source, lineNumber, $"n_points is {n}, expected {PointCount}");
        if (Next("'{'") != "{")
            throw new AnnotationFormatException(source, lineNumber, "expected '{' before the points");

        float shift = oneBased ? 0.5f : 0f;
        var points = new Vector2[n];
        for (int i = 0; i < n; i++)
        {
            var line = Next($"point {i} of {n}");
            if (line == "}")
                throw new AnnotationFormatException(source, lineNumber, $"'}}' after {i} points, expected {n}");
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                throw new AnnotationFormatException(source, lineNumber, $"point {i} has {fields.Length} fields, expected 'x y'");
            points[i] = new Vector2(
                AnnotationFields.Float(fields[0], source, lineNumber, $"x{i}") - shift,
                AnnotationFields.Float(fields[1], source, lineNumber, $"y{i}") - shift);
        }
        var close = Next("'}'");
        if (close != "}")
            throw new AnnotationFormatException(source, lineNumber, $"expected '}}' after {n} points, found '{close}'");
        return points;
    }
}
