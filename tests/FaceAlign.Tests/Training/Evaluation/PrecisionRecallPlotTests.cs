using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class PrecisionRecallPlotTests
{
    [Fact]
    public void Draws_the_curve_in_the_first_palette_colour_along_precision_one()
    {
        // Two faces found by the top two detections: the curve runs along precision 1 from recall 0 to 1.
        var faces = new[] { new Box(0, 0, 40, 40), new Box(100, 0, 40, 40) };
        var report = AveragePrecision.Evaluate(
            [new DetectionGroundTruth("a", faces, [])],
            [faces.Select(f => new DetectedFace(f, 0.9f, new Vector2[5])).ToList()]);
        var image = PrecisionRecallPlot.Render([("model", report)]);
        Assert.Equal((640, 480, PixelFormat.Rgb8), (image.Width, image.Height, image.Format));
        // Plot area: x 60..620, y 30..430; precision 1 is the top edge y = 30 (the 2 px line covers rows 29–30; the frame paints row 30), recall 0.5 is x = 340 (a grid line), so look at x = 347.
        int Blue(int x, int y) => image.Pixels[(y * image.Width + x) * 3 + 2];
        int Red(int x, int y) => image.Pixels[(y * image.Width + x) * 3];
        Assert.True(Red(347, 29) < 100 && Blue(347, 29) > 150, "curve colour at (recall 0.5, precision 1)");
        Assert.Equal(255, Red(347, 200)); // nothing drawn below the curve (off the grid lines)
    }

    [Fact]
    public void A_report_without_faces_renders_an_empty_frame()
    {
        var report = AveragePrecision.Evaluate([new DetectionGroundTruth("cat", [], [])], [[]]);
        var image = PrecisionRecallPlot.Render([("model", report)]);
        Assert.Equal(640, image.Width);
    }
}
