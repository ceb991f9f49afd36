using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// The WIDER FACE ground-truth text format (wider_face_train_bbx_gt.txt, wider_face_val_bbx_gt.txt): for each image
/// a line with its path relative to WIDER_*/images, a line with the face count n, then n lines
/// <c>x y w h blur expression illumination invalid occlusion pose</c> (pixels, x y the top-left corner). An image
/// with no face has n = 0 followed by one placeholder line of zeros, which the official files always include and
/// this reader skips when present. Lines holding just <c>x y w h</c> are accepted too.
/// </summary>
public static class WiderFaceGroundTruth
{
    public static IReadOnlyList<WiderFaceImage> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<WiderFaceImage> Parse(TextReader reader, string source)
    {
        var lines = new List<string>();
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
            lines.Add(line.Trim());
        var images = new List<WiderFaceImage>();
        int i = 0; // index of the next line; its line number is i + 1
        while (true)
        {
            while (i < lines.Count && lines[i].Length == 0)
                i++;
            if (i == lines.Count)
                return images;
            string file = lines[i++];
            if (IsNumberLine(file))
                throw new AnnotationFormatException(source, i, $"expected an image path, found numbers '{file}'");
            if (i == lines.Count)
                throw new AnnotationFormatException(source, i + 1, $"file ends where the face count of {file} should be");
            int count = AnnotationFields.Int(lines[i], source, i + 1, "face count");
            if (count < 0)
                throw new AnnotationFormatException(source, i + 1, $"face count {count} is negative");
            i++;
            var faces = new List<WiderFaceBox>(count);
            for (int f = 0; f < count; f++, i++)
            {
                if (i == lines.Count)
                    throw new AnnotationFormatException(source, i + 1, $"file ends after {f} of the {count} faces of {file}");
                faces.Add(ParseBox(lines[i], source, i + 1));
            }
            if (count == 0 && i < lines.Count && IsNumberLine(lines[i]))
                i++; // the placeholder "0 0 0 0 0 0 0 0 0 0" of an image without faces
            images.Add(new WiderFaceImage(file, faces));
        }
    }

    private static WiderFaceBox ParseBox(string line, string source, int lineNumber)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (4 or 10))
            throw new AnnotationFormatException(source, lineNumber,
                $"{fields.Length} fields, expected 10 (x y w h blur expression illumination invalid occlusion pose) or 4 (x y w h)");
        float x = AnnotationFields.Float(fields[0], source, lineNumber, "x");
        float y = AnnotationFields.Float(fields[1], source, lineNumber, "y");
        float w = AnnotationFields.Float(fields[2], source, lineNumber, "w");
        float h = AnnotationFields.Float(fields[3], source, lineNumber, "h");
        if (w < 0 || h < 0)
            throw new AnnotationFormatException(source, lineNumber, $"box has negative size {fields[2]}×{fields[3]}");
        if (fields.Length == 4)
            return new WiderFaceBox(new Box(x, y, w, h), 0, 0, 0, false, 0, 0);
        int Attribute(int index, string name, int max)
        {
            int value = AnnotationFields.Int(fields[index], source, lineNumber, name);
            return value >= 0 && value <= max
                ? value
                : throw new AnnotationFormatException(source, lineNumber, $"{name} {value} is outside 0..{max}");
        }
        return new WiderFaceBox(new Box(x, y, w, h),
            Attribute(4, "blur", 2), Attribute(5, "expression", 1), Attribute(6, "illumination", 1),
            Attribute(7, "invalid", 1) == 1, Attribute(8, "occlusion", 2), Attribute(9, "pose", 1));
    }

    private static bool IsNumberLine(string line)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 0 && fields.All(f => double.TryParse(f, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
    }
}
