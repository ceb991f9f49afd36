using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// One line of the WFLW annotation lists (list_98pt_rect_attr_{train,test}.txt, Wu et al. 2018): 196 coordinates
/// (98 points x y), the face box x_min y_min x_max y_max, six 0/1 attribute flags (pose, expression, illumination,
/// make-up, occlusion, blur) and the image path relative to WFLW_images/. Coordinates are taken as stored.
/// </summary>
public sealed record WflwAnnotation(Vector2[] Landmarks, Box Box, FaceAttributes Attributes, string ImagePath)
{
    public const int PointCount = 98;
    public const int FieldCount = 2 * PointCount + 4 + 6 + 1;

    public LandmarkSample ToSample(string? imageRoot = null) =>
        new(imageRoot is null ? ImagePath : Path.Combine(imageRoot, ImagePath), Landmarks, Box, Attributes);

    public static IReadOnlyList<WflwAnnotation> ReadList(string path)
    {
        using var reader = new StreamReader(path);
        return ParseList(reader, path);
    }

    public static IReadOnlyList<WflwAnnotation> ParseList(TextReader reader, string source)
    {
        var list = new List<WflwAnnotation>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length > 0)
                list.Add(ParseLine(line, source, lineNumber));
        }
        return list;
    }

    public static WflwAnnotation ParseLine(string line, string source, int lineNumber)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != FieldCount)
        {
            string hint = fields.Length == FieldCount - 1 ? " (missing image path?)" : "";
            throw new AnnotationFormatException(source, lineNumber, $"{fields.Length} fields, expected {FieldCount}: 196 coordinates, 4 box values, 6 attributes, image path{hint}");
        }
        var points = AnnotationFields.Points(fields, 0, PointCount, source, lineNumber);
        int at = 2 * PointCount;
        float x0 = AnnotationFields.Float(fields[at], source, lineNumber, "box x_min");
        float y0 = AnnotationFields.Float(fields[at + 1], source, lineNumber, "box y_min");
        float x1 = AnnotationFields.Float(fields[at + 2], source, lineNumber, "box x_max");
        float y1 = AnnotationFields.Float(fields[at + 3], source, lineNumber, "box y_max");
        if (x1 < x0 || y1 < y0)
            throw new AnnotationFormatException(source, lineNumber, $"box ({x0}, {y0})–({x1}, {y1}) has its max corner before its min corner");

        string[] names = ["pose", "expression", "illumination", "make-up", "occlusion", "blur"];
        var attributes = FaceAttributes.None;
        for (int k = 0; k < names.Length; k++)
        {
            string flag = fields[at + 4 + k];
            if (flag == "1")
                attributes |= (FaceAttributes)(1 << k);
            else if (flag != "0")
                throw new AnnotationFormatException(source, lineNumber, $"{names[k]} attribute is '{flag}', expected 0 or 1");
        }
        return new WflwAnnotation(points, Box.FromCorners(x0, y0, x1, y1), attributes, fields[^1]);
    }
}
