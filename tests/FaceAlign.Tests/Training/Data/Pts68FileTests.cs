using System.Numerics;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class Pts68FileTests
{
    internal static string Pts(int declared = 68, int written = 68, string close = "}") =>
        $"version: 1\nn_points:  {declared}\n{{\n" +
        string.Concat(Enumerable.Range(0, written).Select(i => $"{1 + i}.25 {200 - i}.5\n")) + close + "\n";

    private static string Error(string text) =>
        Assert.Throws<AnnotationFormatException>(() => Pts68File.Parse(new StringReader(text), "a.pts")).Message;

    [Fact]
    public void One_based_pixel_centres_move_half_a_pixel_to_the_corner_origin()
    {
        var points = Pts68File.Parse(new StringReader(Pts()), "a.pts");
        Assert.Equal(68, points.Length);
        // Stored (1.25, 200.5): 300-W's top-left pixel centre is (1, 1), ours (0.5, 0.5), so subtract 0.5.
        Assert.Equal(new Vector2(0.75f, 200f), points[0]);
        Assert.Equal(new Vector2(67.75f, 133f), points[67]);
        var raw = Pts68File.Parse(new StringReader(Pts()), "a.pts", oneBased: false);
        Assert.Equal(new Vector2(1.25f, 200.5f), raw[0]);
    }

    [Fact]
    public void Malformed_files_report_file_and_line()
    {
        Assert.Equal("a.pts:2: n_points is 67, expected 68", Error(Pts(declared: 67)));
        Assert.Equal("a.pts:1: expected 'version: 1', found 'n_points:  68'", Error(Pts()[11..]));
        Assert.Equal("a.pts:70: '}' after 66 points, expected 68", Error(Pts(written: 66)));
        Assert.Equal("a.pts:72: expected '}' after 68 points, found '69.25 132.5'", Error(Pts(written: 69)));
        Assert.Equal("a.pts:72: unexpected end of file, expected '}'", Error(Pts(close: "")));
        Assert.Equal("a.pts:4: point 0 has 3 fields, expected 'x y'", Error(Pts().Replace("1.25 200.5", "1.25 200.5 7")));
        Assert.Equal("a.pts:5: y1 'x' is not a number", Error(Pts().Replace("2.25 199.5", "2.25 x")));
        Assert.Equal("a.pts:3: expected '{' before the points", Error(Pts().Replace("{", "[")));
    }
}
