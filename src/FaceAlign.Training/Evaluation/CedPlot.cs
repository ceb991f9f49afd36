// Draws cumulative error distribution curves as a PNG-ready image: fraction of faces (y, 0..1) whose inter-ocular NME
// is at most x (0..threshold), one coloured curve per model with its AUC in the legend.
using System.Globalization;
using FaceAlign.Imaging;

namespace FaceAlign.Training.Evaluation;

public static class CedPlot
{
    public static Image Render(IReadOnlyList<(string Label, LandmarkReport Report)> curves, int width = 640, int height = 480)
    {
        double max = curves.Count > 0 ? curves[0].Report.Threshold : 0.1;
        var frame = new PlotFrame(width, height, max, "NME (inter-ocular)", "fraction of faces");
        for (int c = 0; c < curves.Count; c++)
        {
            var (label, report) = curves[c];
            var line = report.Ced.Select(p => frame.At(p.Error, p.Fraction)).ToArray();
            frame.DrawCurve(line, string.Create(CultureInfo.InvariantCulture, $"{label}: NME {report.MeanNmeInterOcular * 100:F2}%, AUC {report.Auc:F3}"), c, curves.Count);
        }
        return frame.Image;
    }
}
