using FaceAlign.Geometry;
using FaceAlign.Training.Data;

namespace FaceAlign.Tests.Training.Data;

public class WiderFaceGroundTruthTests
{
    // Shaped like wider_face_val_bbx_gt.txt: a two-face image, an image without faces (with its placeholder line),
    // a face flagged invalid, a four-field line and a blank line at the end.
    internal const string Valid = """
        0--Parade/0_Parade_marchingband_1_465.jpg
        2
        345 211 4 4 2 0 0 0 2 0 
        331 126 3 3 0 0 0 1 0 0 
        1--Handshaking/empty.jpg
        0
        0 0 0 0 0 0 0 0 0 0 
        2--Demonstration/c.jpg
        1
        10.5 20 30 40

        """;

    private static IReadOnlyList<WiderFaceImage> Parse(string text) => WiderFaceGroundTruth.Parse(new StringReader(text), "gt.txt");

    private static string Error(string text) => Assert.Throws<AnnotationFormatException>(() => Parse(text)).Message;

    [Fact]
    public void Parses_images_boxes_attributes_and_empty_images()
    {
        var images = Parse(Valid);
        Assert.Equal(["0--Parade/0_Parade_marchingband_1_465.jpg", "1--Handshaking/empty.jpg", "2--Demonstration/c.jpg"], images.Select(i => i.File));
        Assert.Equal(new WiderFaceBox(new Box(345, 211, 4, 4), 2, 0, 0, false, 2, 0), images[0].Faces[0]);
        Assert.True(images[0].Faces[1].Invalid);
        Assert.Empty(images[1].Faces);
        Assert.Equal(new WiderFaceBox(new Box(10.5f, 20, 30, 40), 0, 0, 0, false, 0, 0), images[2].Faces[0]);
    }

    [Fact]
    public void An_empty_image_without_its_placeholder_line_is_accepted()
    {
        var images = Parse("a.jpg\n0\nb.jpg\n1\n1 2 3 4\n");
        Assert.Equal(2, images.Count);
        Assert.Empty(images[0].Faces);
        Assert.Single(images[1].Faces);
    }

    [Fact]
    public void Malformed_files_report_file_and_line()
    {
        Assert.Equal("gt.txt:2: face count 'two' is not an integer", Error(Valid.Replace("\n2\n", "\ntwo\n")));
        Assert.Equal("gt.txt:2: face count -1 is negative", Error(Valid.Replace("\n2\n", "\n-1\n")));
        Assert.Equal("gt.txt:3: 3 fields, expected 10 (x y w h blur expression illumination invalid occlusion pose) or 4 (x y w h)",
            Error(Valid.Replace("345 211 4 4 2 0 0 0 2 0", "345 211 4")));
        Assert.Equal("gt.txt:4: y 'abc' is not a number", Error(Valid.Replace("331 126", "331 abc")));
        Assert.Equal("gt.txt:3: box has negative size 4×-4", Error(Valid.Replace("345 211 4 4", "345 211 4 -4")));
        Assert.Equal("gt.txt:3: blur 3 is outside 0..2", Error(Valid.Replace("4 4 2 0", "4 4 3 0")));
        Assert.Equal("gt.txt:4: invalid 2 is outside 0..1", Error(Valid.Replace("0 0 0 1 0 0", "0 0 0 2 0 0")));
        // The count says 3 but only two box lines follow: the image path of the next image is read as a box.
        Assert.Equal("gt.txt:5: 1 fields, expected 10 (x y w h blur expression illumination invalid occlusion pose) or 4 (x y w h)",
            Error(Valid.Replace("\n2\n", "\n3\n")));
        // The count says 1 but two box lines follow: the second is where a path should be.
        Assert.Equal("gt.txt:4: expected an image path, found numbers '331 126 3 3 0 0 0 1 0 0'", Error(Valid.Replace("\n2\n", "\n1\n")));
        Assert.Equal("gt.txt:4: file ends after 1 of the 2 faces of a.jpg", Error("a.jpg\n2\n1 2 3 4\n"));
        Assert.Equal("gt.txt:2: file ends where the face count of a.jpg should be", Error("a.jpg\n"));
    }

    [Fact]
    public void Empty_text_has_no_images() => Assert.Empty(Parse(""));
}
