using System.Numerics;
using System.Text.Json;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// COCO-keypoints JSON (as mmpose ships for WFLW, 300W-LP, AFLW, COFW, LaPa): "images" [{id, file_name, width,
/// height}] and "annotations" [{id, image_id, keypoints [x, y, v]×K, num_keypoints, bbox [x, y, w, h]}]. v is COCO's
/// visibility (0 not labelled, 1 labelled but hidden, 2 visible) and num_keypoints must count the v &gt; 0 points.
/// Syntax errors report file:line; structural errors report the JSON location, e.g. <c>file: annotations[2] (id 40)</c>.
/// </summary>
public sealed class CocoKeypoints
{
    private CocoKeypoints(IReadOnlyList<CocoImage> images, IReadOnlyList<CocoAnnotation> annotations)
    {
        Images = images;
        Annotations = annotations;
    }

    public IReadOnlyList<CocoImage> Images { get; }

    public IReadOnlyList<CocoAnnotation> Annotations { get; }

    public static CocoKeypoints Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static CocoKeypoints Parse(ReadOnlySpan<byte> json, string source)
    {
        // System.Text.Json checks UTF-8 only when a string is decoded, so validate it once up front.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new AnnotationFormatException($"{source}: not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new AnnotationFormatException(source, (int)(e.LineNumber ?? 0) + 1, $"invalid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            var images = new List<CocoImage>();
            var ids = new HashSet<long>();
            int k = 0;
            foreach (var image in JsonFields.Property(root, "images", JsonValueKind.Array, source).EnumerateArray())
            {
                string where = $"{source}: images[{k++}]";
                long id = JsonFields.Long(JsonFields.Property(image, "id", JsonValueKind.Number, where), where + ".id");
                if (!ids.Add(id))
                    throw new AnnotationFormatException($"{where}: image id {id} appears twice");
                images.Add(new CocoImage(id, JsonFields.String(image, "file_name", where),
                    JsonFields.Int(JsonFields.Property(image, "width", JsonValueKind.Number, where), where + ".width"),
                    JsonFields.Int(JsonFields.Property(image, "height", JsonValueKind.Number, where), where + ".height")));
            }

            var annotations = new List<CocoAnnotation>();
            k = 0;
            foreach (var annotation in JsonFields.Property(root, "annotations", JsonValueKind.Array, source).EnumerateArray())
                annotations.Add(ReadAnnotation(annotation, $"{source}: annotations[{k++}]", ids));
            return new CocoKeypoints(images, annotations);
        }
    }

    /// <summary>
    /// One sample per fully labelled annotation (every v &gt; 0; a point with v = 0 has no position), with its image's
    /// file name under imageRoot and its bbox as the box.
    /// </summary>
    public IEnumerable<LandmarkSample> ToSamples(string? imageRoot = null)
    {
        var files = Images.ToDictionary(i => i.Id, i => i.FileName);
        return Annotations.Where(a => !a.Visibility.Contains((byte)0)).Select(a => new LandmarkSample(
            imageRoot is null ? files[a.ImageId] : Path.Combine(imageRoot, files[a.ImageId]), a.Keypoints, a.Box));
    }

    private static CocoAnnotation ReadAnnotation(JsonElement a, string where, HashSet<long> imageIds)
    {
        long id = JsonFields.Long(JsonFields.Property(a, "id", JsonValueKind.Number, where), where + ".id");
        where = $"{where} (id {id})";
        long imageId = JsonFields.Long(JsonFields.Property(a, "image_id", JsonValueKind.Number, where), where + ".image_id");
        if (!imageIds.Contains(imageId))
            throw new AnnotationFormatException($"{where}: image_id {imageId} is not in \"images\"");

        var values = JsonFields.Property(a, "keypoints", JsonValueKind.Array, where);
        int n = values.GetArrayLength();
        if (n % 3 != 0)
            throw new AnnotationFormatException($"{where}: keypoints has {n} values, not a multiple of 3 (x, y, v)");
        var points = new Vector2[n / 3];
        var visibility = new byte[n / 3];
        int labelled = 0;
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(JsonFields.Float(values[3 * i], $"{where}: keypoint {i} x"), JsonFields.Float(values[3 * i + 1], $"{where}: keypoint {i} y"));
            float v = JsonFields.Float(values[3 * i + 2], $"{where}: keypoint {i} visibility");
            if (v is not (0 or 1 or 2))
                throw new AnnotationFormatException($"{where}: keypoint {i} visibility is {v}, expected 0, 1 or 2");
            visibility[i] = (byte)v;
            labelled += v > 0 ? 1 : 0;
        }
        if (a.TryGetProperty("num_keypoints", out var numJson))
        {
            long num = JsonFields.Long(numJson, where + ".num_keypoints");
            if (num != labelled)
                throw new AnnotationFormatException($"{where}: num_keypoints is {num} but {labelled} of {points.Length} keypoints are labelled");
        }

        Box? box = null;
        if (a.TryGetProperty("bbox", out var bbox))
        {
            if (bbox.ValueKind != JsonValueKind.Array || bbox.GetArrayLength() != 4)
                throw new AnnotationFormatException($"{where}: bbox must be [x, y, width, height]");
            var b = bbox.EnumerateArray().Select(e => JsonFields.Float(e, $"{where}: bbox")).ToArray();
            if (b[2] < 0 || b[3] < 0)
                throw new AnnotationFormatException($"{where}: bbox has negative size {b[2]}×{b[3]}");
            box = new Box(b[0], b[1], b[2], b[3]);
        }
        return new CocoAnnotation(id, imageId, points, visibility, box);
    }
}
