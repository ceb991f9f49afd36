using System.Numerics;
using System.Text;
using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class DlibXmlTests
{
    internal const string Valid = """
        <?xml version='1.0' encoding='ISO-8859-1'?>
        <dataset>
        <name>t</name>
        <images>
          <image file='a.jpg' width='500' height='375'>
            <box top='90' left='194' width='37' height='38'>
              <part name='01' x='210' y='107'/>
              <part name='00' x='201' y='105'/>
            </box>
            <box top='5' left='6' width='7' height='8' ignore='1'/>
          </image>
          <image file='b.jpg'>
          </image>
        </images>
        </dataset>
        """;

    private static IReadOnlyList<DlibImage> Parse(string xml) =>
        DlibXml.Parse(new MemoryStream(Encoding.Latin1.GetBytes(xml)), "faces.xml");

    private static string Error(string xml) => Assert.Throws<AnnotationFormatException>(() => Parse(xml)).Message;

    [Fact]
    public void Parses_images_boxes_ignore_flags_and_parts_ordered_by_name()
    {
        var images = Parse(Valid);
        Assert.Equal(2, images.Count);
        Assert.Equal(("a.jpg", 500, 375), (images[0].File, images[0].Width!.Value, images[0].Height!.Value));
        Assert.Null(images[1].Width);
        var face = images[0].Boxes[0];
        Assert.Equal(new Box(194, 90, 37, 38), face.Box);
        Assert.False(face.Ignore);
        Assert.Equal([new Vector2(201, 105), new Vector2(210, 107)], face.Parts);
        Assert.True(images[0].Boxes[1].Ignore);
        Assert.Empty(images[0].Boxes[1].Parts);
        var samples = DlibXml.ToSamples(images, "/root").ToList();
        Assert.Single(samples); // the ignored box and the part-less box give no landmark sample
        Assert.Equal(Path.Combine("/root", "a.jpg"), samples[0].ImagePath);
    }

    [Fact]
    public void Malformed_xml_reports_file_and_line()
    {
        Assert.Equal("faces.xml:6: <box> has no 'top' attribute", Error(Valid.Replace("top='90' ", "")));
        Assert.Equal("faces.xml:6: width='3x' is not an integer", Error(Valid.Replace("width='37'", "width='3x'")));
        Assert.Equal("faces.xml:8: y='nan' is not a finite number", Error(Valid.Replace("y='105'", "y='nan'")));
        Assert.Equal("faces.xml:6: <box> has 2 parts but they are not numbered 0..1", Error(Valid.Replace("name='00'", "name='02'")));
        Assert.Equal("faces.xml:8: part '01' appears twice in this box", Error(Valid.Replace("name='00'", "name='01'")));
        Assert.Equal("faces.xml:10: <box> ignore='yes', expected 0 or 1", Error(Valid.Replace("ignore='1'", "ignore='yes'")));
        Assert.Equal("faces.xml:5: <image> has no 'file' attribute", Error(Valid.Replace("file='a.jpg' ", "")));
        Assert.StartsWith("faces.xml:11: malformed XML:", Error(Valid.Replace("</image>\n  <image file='b.jpg'>", "</imag>\n  <image file='b.jpg'>")));
    }

    [SkippableFact]
    public void Real_dlib_example_datasets_have_43_hand_boxed_faces_and_68_point_variants()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var training = DlibXml.Read(SharedData.PathOf("fixtures/dlib-faces/training.xml"));
        var testing = DlibXml.Read(SharedData.PathOf("fixtures/dlib-faces/testing.xml"));
        Assert.Equal(43, training.Concat(testing).Sum(i => i.Boxes.Count));
        Assert.Equal(18, training.Sum(i => i.Boxes.Count));
        Assert.Equal(new Box(194, 90, 37, 37), training[0].Boxes[0].Box);

        foreach (var name in new[] { "training_with_face_landmarks.xml", "testing_with_face_landmarks.xml" })
        {
            var images = DlibXml.Read(SharedData.PathOf("fixtures/dlib-faces/" + name));
            Assert.All(images.SelectMany(i => i.Boxes), b => Assert.Equal(68, b.Parts.Length));
            foreach (var image in images)
                Assert.True(File.Exists(SharedData.PathOf("fixtures/dlib-faces/" + image.File)), image.File);
        }
    }
}
