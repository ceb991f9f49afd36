using System.Numerics;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class YtfCsvTests
{
    internal static readonly string Header = "image," + string.Join(",", Enumerable.Range(0, 68).Select(i => $"x{i},y{i}"));

    // Point i at (i, 100 + i), written as integers like the real file's "45.0".
    internal static string Row(string image) => image + "," + string.Join(",", Enumerable.Range(0, 68).Select(i => $"{i}.0,{100 + i}.0"));

    private static IReadOnlyList<LandmarkSample> Parse(string text, string? root = null) =>
        YtfCsv.Parse(new StringReader(text), "t.csv", root);

    private static string Error(string text) => Assert.Throws<AnnotationFormatException>(() => Parse(text)).Message;

    [Fact]
    public void Parses_rows_into_68_points_in_header_order()
    {
        var samples = Parse($"{Header}\n{Row("images/train/a_01.jpg")}\r\n{Row("images/train/b_02.jpg")}\n\n", "/data/ytf68");
        Assert.Equal(2, samples.Count);
        Assert.Equal(Path.Combine("/data/ytf68", "images/train/a_01.jpg"), samples[0].ImagePath);
        Assert.Equal(68, samples[1].Landmarks.Length);
        Assert.Equal(new Vector2(0, 100), samples[0].Landmarks[0]);
        Assert.Equal(new Vector2(67, 167), samples[1].Landmarks[67]);
        Assert.Null(samples[0].Box);
    }

    [Fact]
    public void Malformed_rows_report_file_line_and_field()
    {
        Assert.Equal("t.csv:1: empty file: expected the header image,x0,y0,...,x67,y67", Error(""));
        Assert.StartsWith("t.csv:1: header has 3 columns starting 'img'", Error("img,x0,y0\n"));
        Assert.Equal("t.csv:1: header column 3 is 'y1', expected 'x1'", Error(Header.Replace("x1,y1", "y1,x1") + "\n"));
        Assert.Equal("t.csv:3: 136 fields, expected 137 (image and 68 x,y pairs)",
            Error($"{Header}\n{Row("a.jpg")}\n{Row("b.jpg")[..Row("b.jpg").LastIndexOf(',')]}\n"));
        Assert.Equal("t.csv:2: x5 'abc' is not a number", Error($"{Header}\n{Row("a.jpg").Replace(",5.0,", ",abc,")}\n"));
        Assert.Equal("t.csv:2: y0 is NaN, not a finite number", Error($"{Header}\n{Row("a.jpg").Replace(",100.0,", ",NaN,")}\n"));
        Assert.Equal("t.csv:2: missing image path", Error($"{Header}\n{Row(" ")}\n"));
    }

    [Fact]
    public void Identity_is_the_file_name_without_the_frame_number()
    {
        Assert.Equal("Luis_Fonsi", YtfCsv.IdentityOf("images/train/Luis_Fonsi_21.jpg"));
        Assert.Equal("Abdel_Aziz_Al-Hakim", YtfCsv.IdentityOf("/x/images/unlabelled/Abdel_Aziz_Al-Hakim_00.jpg"));
        Assert.Equal("Madonna", YtfCsv.IdentityOf("Madonna.jpg"));
        Assert.Equal("Name_x", YtfCsv.IdentityOf("Name_x.jpg"));
    }

    [SkippableFact]
    public void Real_ytf68_tables_have_the_documented_counts_and_finite_points()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var train = YtfCsv.Read(SharedData.PathOf("ytf68/train.csv"));
        var val = YtfCsv.Read(SharedData.PathOf("ytf68/val.csv"));
        Assert.Equal(2862, train.Count);
        Assert.Equal(636, val.Count);
        foreach (var s in train.Concat(val))
        {
            Assert.Equal(68, s.Landmarks.Length);
            Assert.All(s.Landmarks, p => Assert.True(float.IsFinite(p.X) && float.IsFinite(p.Y)));
        }
        Assert.True(File.Exists(train[0].ImagePath), train[0].ImagePath);
        Assert.True(File.Exists(val[^1].ImagePath), val[^1].ImagePath);
        // The README: 287 identities, and val holds other frames of the same people.
        var people = train.Select(s => YtfCsv.IdentityOf(s.ImagePath)).ToHashSet();
        Assert.Equal(287, people.Count);
        Assert.All(val, s => Assert.Contains(YtfCsv.IdentityOf(s.ImagePath), people));
    }
}
