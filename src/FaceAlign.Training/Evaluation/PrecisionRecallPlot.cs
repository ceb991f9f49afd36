// Draws precision–recall curves as a PNG-ready image: precision (y) against recall (x), both 0..1, one coloured
// curve per detector with its AP in the legend. The raw curve is drawn (not the interpolated envelope), so the
// saw-tooth of each false positive stays visible.
using System.Globalization;
using FaceAlign.Imaging;

namespace FaceAlign.Training.Evaluation;

public static class PrecisionRecallPlot
{
    public static Image Render(IReadOnlyList<(string Label, DetectionReport Report)> curves, int width = 640, int height = 480)
    {
        var frame = new PlotFrame(width, height, 1.0, "recall", "precision");
        for (int c = 0; c < curves.Count; c++)
        {
            var (label, report) = curves[c];
            var line = report.Curve.Count == 0
                ? [frame.At(0, 0)]
                : report.Curve.Select(p => frame.At(p.Recall, p.Precision)).Prepend(frame.At(0, report.Curve[0].Precision)).ToArray();
            frame.DrawCurve(line, string.Create(CultureInfo.InvariantCulture, $"{label}: AP@{report.IoUThreshold:0.##} {report.Ap:F3}"), c, curves.Count);
        }
        return frame.Image;
    }
}
