using FaceAlign.Geometry;
using FaceAlign.Tests.Training.Data;
using FaceAlign.Training.Data;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public sealed class DetectionGroundTruthFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("facealign-gt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Dlib_xml_ignore_boxes_become_ignore_regions_and_paths_resolve_beside_the_file()
    {
        string path = Path.Combine(folder, "faces.xml");
        File.WriteAllText(path, DlibXmlTests.Valid);
        var truths = DetectionGroundTruthFile.Read(path);
        Assert.Equal([Path.Combine(folder, "a.jpg"), Path.Combine(folder, "b.jpg")], truths.Select(t => t.ImagePath));
        Assert.Equal([new Box(194, 90, 37, 38)], truths[0].Faces);
        Assert.Equal([new Box(6, 5, 7, 8)], truths[0].Ignore);
        Assert.Empty(truths[1].Faces);
    }

    [Fact]
    public void Wider_invalid_and_zero_size_faces_become_ignore_regions_under_the_images_root()
    {
        string path = Path.Combine(folder, "gt.txt");
        File.WriteAllText(path, WiderFaceGroundTruthTests.Valid + "d.jpg\n1\n5 5 0 9 0 0 0 0 0 0\n");
        var truths = DetectionGroundTruthFile.Read(path, "/images");
        Assert.Equal(Path.Combine("/images", "0--Parade/0_Parade_marchingband_1_465.jpg"), truths[0].ImagePath);
        Assert.Equal([new Box(345, 211, 4, 4)], truths[0].Faces);
        Assert.Equal([new Box(331, 126, 3, 3)], truths[0].Ignore);
        Assert.Empty(truths[3].Faces);
        Assert.Equal([new Box(5, 5, 0, 9)], truths[3].Ignore);
    }

    [Fact]
    public void A_folder_is_a_set_of_face_free_images()
    {
        File.WriteAllBytes(Path.Combine(folder, "b.JPG"), []);
        File.WriteAllBytes(Path.Combine(folder, "a.png"), []);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "");
        var truths = DetectionGroundTruthFile.Read(folder);
        Assert.Equal([Path.Combine(folder, "a.png"), Path.Combine(folder, "b.JPG")], truths.Select(t => t.ImagePath));
        Assert.All(truths, t => Assert.Empty(t.Faces));
        Assert.All(truths, t => Assert.Empty(t.Ignore));
    }

    [Fact]
    public void Malformed_files_name_file_and_line()
    {
        string xml = Path.Combine(folder, "bad.xml");
        File.WriteAllText(xml, DlibXmlTests.Valid.Replace("top='90' ", ""));
        Assert.Equal($"{xml}:6: <box> has no 'top' attribute", Assert.Throws<AnnotationFormatException>(() => DetectionGroundTruthFile.Read(xml)).Message);
        string txt = Path.Combine(folder, "bad.txt");
        File.WriteAllText(txt, "a.jpg\nx\n");
        Assert.Equal($"{txt}:2: face count 'x' is not an integer", Assert.Throws<AnnotationFormatException>(() => DetectionGroundTruthFile.Read(txt)).Message);
    }
}
