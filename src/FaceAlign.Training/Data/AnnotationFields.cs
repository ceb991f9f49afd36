using System.Globalization;
using System.Numerics;

namespace FaceAlign.Training.Data;

/// <summary>Parsing of numeric fields shared by the annotation readers; every failure names file, line and field.</summary>
internal static class AnnotationFields
{
    public static float Float(string text, string file, int line, string field)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new AnnotationFormatException(file, line, $"{field} '{text}' is not a number");
        if (!float.IsFinite(value))
            throw new AnnotationFormatException(file, line, $"{field} is {text}, not a finite number");
        return value;
    }

    public static int Int(string text, string file, int line, string field) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new AnnotationFormatException(file, line, $"{field} '{text}' is not an integer");

    /// <summary>Reads count points from fields[start..] as x0 y0 x1 y1 ...</summary>
    public static Vector2[] Points(string[] fields, int start, int count, string file, int line)
    {
        var points = new Vector2[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new Vector2(
                Float(fields[start + 2 * i], file, line, $"x{i}"),
                Float(fields[start + 2 * i + 1], file, line, $"y{i}"));
        }
        return points;
    }
}
