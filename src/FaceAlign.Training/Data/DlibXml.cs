using System.Globalization;
using System.Numerics;
using System.Xml;
using System.Xml.Linq;
using FaceAlign.Geometry;

namespace FaceAlign.Training.Data;

/// <summary>
/// dlib imglab XML datasets: <c>&lt;dataset&gt;&lt;images&gt;&lt;image file=..&gt;&lt;box top left width height
/// [ignore='1']&gt;&lt;part name='00' x y/&gt;…&lt;/box&gt;&lt;/image&gt;</c>. Boxes become <see cref="Box"/>(left, top,
/// width, height); parts are ordered by their numeric names, which must run 0..n−1. Coordinates are taken as stored.
/// </summary>
public static class DlibXml
{
    public static IReadOnlyList<DlibImage> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    public static IReadOnlyList<DlibImage> Parse(Stream xml, string source)
    {
        XDocument doc;
        try
        {
            // DTDs are prohibited by default: imglab files never need one.
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new AnnotationFormatException(source, e.LineNumber, $"malformed XML: {e.Message}");
        }

        var root = doc.Root!;
        if (root.Name != "dataset")
            throw Error(source, root, $"root element is <{root.Name}>, expected <dataset>");
        var images = new List<DlibImage>();
        foreach (var imagesElement in root.Elements("images"))
        {
            foreach (var image in imagesElement.Elements("image"))
                images.Add(ReadImage(image, source));
        }
        return images;
    }

    /// <summary>One sample per box that has parts and is not marked ignore; image paths relative to imageRoot.</summary>
    public static IEnumerable<LandmarkSample> ToSamples(IEnumerable<DlibImage> images, string? imageRoot = null) =>
        from image in images
        from box in image.Boxes
        where !box.Ignore && box.Parts.Length > 0
        select new LandmarkSample(imageRoot is null ? image.File : Path.Combine(imageRoot, image.File), box.Parts, box.Box);

    private static DlibImage ReadImage(XElement image, string source)
    {
        var file = (string?)image.Attribute("file");
        if (string.IsNullOrWhiteSpace(file))
            throw Error(source, image, "<image> has no 'file' attribute");
        int? width = image.Attribute("width") is { } w ? Integer(w, source) : null;
        int? height = image.Attribute("height") is { } h ? Integer(h, source) : null;
        var boxes = image.Elements("box").Select(b => ReadBox(b, source)).ToList();
        return new DlibImage(file, boxes, width, height);
    }

    private static DlibBox ReadBox(XElement box, string source)
    {
        int top = Integer(Required(box, "top", source), source);
        int left = Integer(Required(box, "left", source), source);
        int width = Integer(Required(box, "width", source), source);
        int height = Integer(Required(box, "height", source), source);
        if (width < 0 || height < 0)
            throw Error(source, box, $"<box> has negative size {width}×{height}");
        var ignoreText = (string?)box.Attribute("ignore");
        bool ignore = ignoreText switch
        {
            null or "0" => false,
            "1" => true,
            _ => throw Error(source, box, $"<box> ignore='{ignoreText}', expected 0 or 1"),
        };

        var parts = new SortedDictionary<int, Vector2>();
        foreach (var part in box.Elements("part"))
        {
            var name = Required(part, "name", source);
            if (!int.TryParse(name.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw Error(source, part, $"part name '{name.Value}' is not a number");
            var point = new Vector2(Number(Required(part, "x", source), source), Number(Required(part, "y", source), source));
            if (!parts.TryAdd(index, point))
                throw Error(source, part, $"part '{name.Value}' appears twice in this box");
        }
        if (parts.Count > 0 && parts.Keys.Last() != parts.Count - 1)
            throw Error(source, box, $"<box> has {parts.Count} parts but they are not numbered 0..{parts.Count - 1}");
        return new DlibBox(new Box(left, top, width, height), ignore, parts.Values.ToArray());
    }

    private static XAttribute Required(XElement e, string name, string source) =>
        e.Attribute(name) ?? throw Error(source, e, $"<{e.Name}> has no '{name}' attribute");

    private static int Integer(XAttribute a, string source) =>
        int.TryParse(a.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw Error(source, a, $"{a.Name}='{a.Value}' is not an integer");

    private static float Number(XAttribute a, string source) =>
        float.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v
            : throw Error(source, a, $"{a.Name}='{a.Value}' is not a finite number");

    private static AnnotationFormatException Error(string source, XObject where, string what) =>
        new(source, ((IXmlLineInfo)where).LineNumber, what);
}
