using System.Numerics;
using System.Text;
using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class CocoKeypointsTests
{
    internal const string Valid = """
        {"images": [{"id": 2, "file_name": "a.jpg", "height": 661, "width": 1024}],
         "annotations": [
          {"image_id": 2, "id": 7, "keypoints": [10.5, 20, 1, 30, 40.25, 2, 0, 0, 0], "num_keypoints": 2,
           "bbox": [5, 6, 70, 80], "iscrowd": 0}
         ]}
        """;

    private static CocoKeypoints Parse(string json) => CocoKeypoints.Parse(Encoding.UTF8.GetBytes(json), "k.json");

    private static string Error(string json) => Assert.Throws<AnnotationFormatException>(() => Parse(json)).Message;

    [Fact]
    public void Parses_images_keypoints_visibility_and_bbox()
    {
        var coco = Parse(Valid);
        Assert.Equal(new CocoImage(2, "a.jpg", 1024, 661), coco.Images[0]);
        var a = coco.Annotations[0];
        Assert.Equal((7L, 2L), (a.Id, a.ImageId));
        Assert.Equal([new Vector2(10.5f, 20), new Vector2(30, 40.25f), Vector2.Zero], a.Keypoints);
        Assert.Equal(new byte[] { 1, 2, 0 }, a.Visibility);
        Assert.Equal(new Box(5, 6, 70, 80), a.Box);
        // The third keypoint is unlabelled (v = 0), so the annotation is not a usable landmark sample.
        Assert.Empty(coco.ToSamples("/img"));
        var full = Parse(Valid.Replace("0, 0, 0]", "5, 5, 1]").Replace("\"num_keypoints\": 2", "\"num_keypoints\": 3"));
        var sample = full.ToSamples("/img").Single();
        Assert.Equal(Path.Combine("/img", "a.jpg"), sample.ImagePath);
        Assert.Equal(new Vector2(5, 5), sample.Landmarks[2]);
    }

    [Fact]
    public void Malformed_documents_name_the_location()
    {
        Assert.Equal("k.json: annotations[0] (id 7): keypoints has 8 values, not a multiple of 3 (x, y, v)", Error(Valid.Replace("0, 0, 0]", "0, 0]")));
        Assert.Equal("k.json: annotations[0] (id 7): num_keypoints is 3 but 2 of 3 keypoints are labelled", Error(Valid.Replace("\"num_keypoints\": 2", "\"num_keypoints\": 3")));
        Assert.Equal("k.json: annotations[0] (id 7): image_id 3 is not in \"images\"", Error(Valid.Replace("\"image_id\": 2", "\"image_id\": 3")));
        Assert.Equal("k.json: annotations[0] (id 7): keypoint 1 visibility is 3, expected 0, 1 or 2", Error(Valid.Replace("40.25, 2", "40.25, 3")));
        Assert.Equal("k.json: annotations[0] (id 7): keypoint 0 x: \"a\" is not a number", Error(Valid.Replace("10.5", "\"a\"")));
        Assert.Equal("k.json: images[0]: missing field 'file_name'", Error(Valid.Replace("\"file_name\"", "\"name\"")));
        Assert.Equal("k.json: missing field 'annotations'", Error(Valid.Replace("\"annotations\"", "\"notes\"")));
        Assert.StartsWith("k.json:3: invalid JSON:", Error(Valid.Replace("{\"image_id\"", "{image_id")));
    }

    [SkippableFact]
    public void Real_mmpose_fixtures_parse_with_their_scheme_sizes()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var expected = new Dictionary<string, (int Annotations, int Points)>
        {
            ["wflw/test_wflw.json"] = (4, 98),
            ["300wlp/test_300wlp.json"] = (2, 68),
            ["aflw/test_aflw.json"] = (2, 19),
            ["cofw/test_cofw.json"] = (2, 29),
            ["lapa/test_lapa.json"] = (2, 106),
        };
        foreach (var (file, (count, points)) in expected)
        {
            var coco = CocoKeypoints.Read(SharedData.PathOf("fixtures/mmpose/" + file));
            Assert.Equal(count, coco.Annotations.Count);
            Assert.All(coco.Annotations, a => Assert.Equal(points, a.Keypoints.Length));
            Assert.All(coco.ToSamples(SharedData.PathOf("fixtures/mmpose/" + Path.GetDirectoryName(file))), s => Assert.True(File.Exists(s.ImagePath), s.ImagePath));
        }
        var wflw = CocoKeypoints.Read(SharedData.PathOf("fixtures/mmpose/wflw/test_wflw.json"));
        // First value of the first annotation, as stored in the fixture.
        Assert.Equal(440.696106f, wflw.Annotations[0].Keypoints[0].X);
    }
}
