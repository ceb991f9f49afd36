using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class TeacherJsonlTests
{
    private static string Marks(int n) => "[" + string.Join(",", Enumerable.Range(0, n).Select(i => $"[{i},{2 * i}]")) + "]";

    internal static string Line(string image = "\"kaggle/k1.jpg\"", int points = 68) =>
        $"{{\"image\":{image},\"width\":160,\"height\":150,\"faces\":[{{\"box\":[20,68,108,107],\"score\":0.219,\"landmarks\":{Marks(points)}}}]}}";

    private static string Error(string text) =>
        Assert.Throws<AnnotationFormatException>(() => TeacherJsonl.Parse(new StringReader(text), "t.jsonl")).Message;

    [Fact]
    public void Parses_images_faces_and_empty_face_lists()
    {
        var images = TeacherJsonl.Parse(new StringReader(Line() + "\n{\"image\":\"u/2.jpg\",\"width\":200,\"height\":200,\"faces\":[]}\n"), "t.jsonl");
        Assert.Equal(2, images.Count);
        Assert.Equal(("kaggle/k1.jpg", 160, 150), (images[0].Image, images[0].Width, images[0].Height));
        var face = images[0].Faces.Single();
        Assert.Equal(new Box(20, 68, 108, 107), face.Box);
        Assert.Equal(0.219f, face.Score);
        Assert.Equal(new Vector2(67, 134), face.Landmarks[67]);
        Assert.Empty(images[1].Faces);
        Assert.Single(TeacherJsonl.ToSamples(images));
    }

    [Fact]
    public void Malformed_lines_report_file_and_line()
    {
        Assert.Equal("t.jsonl:2: faces[0]: landmarks has 67 points, expected 68", Error(Line() + "\n" + Line(points: 67)));
        Assert.Equal("t.jsonl:1: missing field 'image'", Error(Line().Replace("\"image\"", "\"img\"")));
        Assert.Equal("t.jsonl:1: field 'image' is Number, expected String", Error(Line(image: "3")));
        Assert.Equal("t.jsonl:1: faces[0]: landmark 5 is not an [x, y] pair", Error(Line().Replace("[5,10]", "[5]")));
        Assert.Equal("t.jsonl:1: faces[0]: box has 3 values, expected [x, y, w, h]", Error(Line().Replace("[20,68,108,107]", "[20,68,108]")));
        Assert.StartsWith("t.jsonl:3: invalid JSON:", Error(Line() + "\n\n" + Line()[..40]));
    }

    [SkippableFact]
    public void Real_teacher_files_parse_with_finite_68_point_faces()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var unlabelled = TeacherJsonl.Read(SharedData.PathOf("faces-unlabelled/teacher-dlib68.jsonl"));
        Assert.Equal(8322, unlabelled.Count);
        Assert.Equal(656, unlabelled.Count(i => i.Faces.Count == 0));
        var ytf = TeacherJsonl.Read(SharedData.PathOf("ytf68/teacher-dlib68-unlabelled.jsonl"));
        Assert.Equal(1272, ytf.Count);
        Assert.All(unlabelled.Concat(ytf).SelectMany(i => i.Faces), f =>
            Assert.All(f.Landmarks, p => Assert.True(float.IsFinite(p.X) && float.IsFinite(p.Y))));
    }
}
