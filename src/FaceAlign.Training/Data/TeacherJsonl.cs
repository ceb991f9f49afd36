using System.Numerics;
using System.Text.Json;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// Machine labels in JSON Lines, one image per line: {"image", "width", "height", "faces": [{"box": [x, y, w, h],
/// "score", "landmarks": [[x, y] × 68]}]} (the dlib-teacher files in shared/data). An image may have no faces.
/// These are teacher outputs, not ground truth.
/// </summary>
public static class TeacherJsonl
{
    public const int PointCount = 68;

    public static IReadOnlyList<TeacherImage> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<TeacherImage> Parse(TextReader reader, string source)
    {
        var images = new List<TeacherImage>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length > 0)
                images.Add(ParseLine(line, source, lineNumber));
        }
        return images;
    }

    /// <summary>One sample per face, with image paths under imageRoot.</summary>
    public static IEnumerable<LandmarkSample> ToSamples(IEnumerable<TeacherImage> images, string? imageRoot = null) =>
        from image in images
        from face in image.Faces
        select new LandmarkSample(imageRoot is null ? image.Image : Path.Combine(imageRoot, image.Image), face.Landmarks, face.Box);

    private static TeacherImage ParseLine(string line, string source, int lineNumber)
    {
        string where = $"{source}:{lineNumber}";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new AnnotationFormatException(source, lineNumber, $"invalid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            string image = JsonFields.String(root, "image", where);
            int width = JsonFields.Int(JsonFields.Property(root, "width", JsonValueKind.Number, where), where + ": width");
            int height = JsonFields.Int(JsonFields.Property(root, "height", JsonValueKind.Number, where), where + ": height");
            var faces = new List<TeacherFace>();
            int f = 0;
            foreach (var face in JsonFields.Property(root, "faces", JsonValueKind.Array, where).EnumerateArray())
                faces.Add(ParseFace(face, $"{where}: faces[{f++}]"));
            return new TeacherImage(image, width, height, faces);
        }
    }

    private static TeacherFace ParseFace(JsonElement face, string where)
    {
        var boxJson = JsonFields.Property(face, "box", JsonValueKind.Array, where);
        if (boxJson.GetArrayLength() != 4)
            throw new AnnotationFormatException($"{where}: box has {boxJson.GetArrayLength()} values, expected [x, y, w, h]");
        var b = boxJson.EnumerateArray().Select(e => JsonFields.Float(e, where + ".box")).ToArray();
        float score = JsonFields.Float(JsonFields.Property(face, "score", JsonValueKind.Number, where), where + ".score");

        var marks = JsonFields.Property(face, "landmarks", JsonValueKind.Array, where);
        if (marks.GetArrayLength() != PointCount)
            throw new AnnotationFormatException($"{where}: landmarks has {marks.GetArrayLength()} points, expected {PointCount}");
        var points = new Vector2[PointCount];
        int i = 0;
        foreach (var p in marks.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() != 2)
                throw new AnnotationFormatException($"{where}: landmark {i} is not an [x, y] pair");
            points[i] = new Vector2(JsonFields.Float(p[0], $"{where}: landmark {i} x"), JsonFields.Float(p[1], $"{where}: landmark {i} y"));
            i++;
        }
        return new TeacherFace(new Box(b[0], b[1], b[2], b[3]), score, points);
    }
}
