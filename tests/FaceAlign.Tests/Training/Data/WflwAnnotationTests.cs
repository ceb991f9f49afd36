using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class WflwAnnotationTests
{
    // Point i at (i + 0.5, 300 - i); box 10 20 110 140; expression and occlusion set.
    internal static string Line(string box = "10 20 110 140", string attributes = "0 1 0 0 1 0", string path = " 51--Dresses/51_Dresses_wearingdress_51_377.jpg") =>
        string.Join(" ", Enumerable.Range(0, 98).Select(i => $"{i}.5 {300 - i}")) + $" {box} {attributes}{path}";

    private static string Error(string text) =>
        Assert.Throws<AnnotationFormatException>(() => WflwAnnotation.ParseList(new StringReader(text), "list.txt")).Message;

    [Fact]
    public void Parses_points_box_attributes_and_path_by_name()
    {
        var list = WflwAnnotation.ParseList(new StringReader(Line() + "\n\n" + Line(attributes: "1 0 0 0 0 1") + "\n"), "list.txt");
        Assert.Equal(2, list.Count);
        var a = list[0];
        Assert.Equal(new Vector2(0.5f, 300), a.Landmarks[0]);
        Assert.Equal(new Vector2(97.5f, 203), a.Landmarks[97]);
        Assert.Equal(new Box(10, 20, 100, 120), a.Box);
        Assert.Equal(FaceAttributes.Expression | FaceAttributes.Occlusion, a.Attributes);
        Assert.Equal(FaceAttributes.LargePose | FaceAttributes.Blur, list[1].Attributes);
        Assert.Equal("51--Dresses/51_Dresses_wearingdress_51_377.jpg", a.ImagePath);
        var sample = a.ToSample("/wflw/images");
        Assert.Equal(Path.Combine("/wflw/images", a.ImagePath), sample.ImagePath);
        Assert.Equal(a.Box, sample.Box);
    }

    [Fact]
    public void Malformed_lines_report_file_and_line()
    {
        Assert.Equal("list.txt:2: 206 fields, expected 207: 196 coordinates, 4 box values, 6 attributes, image path (missing image path?)",
            Error(Line() + "\n" + Line(path: "") + "\n"));
        Assert.Equal("list.txt:1: occlusion attribute is '2', expected 0 or 1", Error(Line(attributes: "0 0 0 0 2 0")));
        Assert.Equal("list.txt:1: box (110, 20)–(10, 140) has its max corner before its min corner", Error(Line(box: "110 20 10 140")));
        Assert.Equal("list.txt:1: x3 'q' is not a number", Error(Line().Replace(" 3.5 ", " q ")));
        Assert.Equal("list.txt:1: box y_max is Infinity, not a finite number", Error(Line(box: "10 20 110 Infinity")));
    }
}
