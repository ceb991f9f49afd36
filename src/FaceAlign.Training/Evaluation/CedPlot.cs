// Draws cumulative error distribution curves as a PNG-ready image: fraction of faces (y, 0..1) whose inter-ocular NME
// is at most x (0..threshold), one coloured curve per model with its AUC in the legend.
using System.Globalization;
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;

namespace FaceAlign.Training.Evaluation;

public static class CedPlot
{
    private static readonly Color[] Palette = [new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(148, 103, 189), new(255, 127, 14)];

    public static Image Render(IReadOnlyList<(string Label, LandmarkReport Report)> curves, int width = 640, int height = 480)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        image.Pixels.AsSpan().Fill(255);
        var canvas = new Canvas(image);
        const int left = 60, right = 20, top = 30, bottom = 50;
        var plot = new Box(left, top, width - left - right, height - top - bottom);
        double max = curves.Count > 0 ? curves[0].Report.Threshold : 0.1;
        Vector2 At(double error, double fraction) => new(plot.X + (float)(error / max) * plot.Width, plot.Bottom - (float)fraction * plot.Height);

        for (int i = 0; i <= 10; i++)
        {
            var grid = new Color(225, 225, 225);
            canvas.DrawLine(At(max * i / 10, 0), At(max * i / 10, 1), 1, grid);
            canvas.DrawLine(At(0, i / 10.0), At(max, i / 10.0), 1, grid);
            if (i % 2 == 0)
            {
                canvas.DrawText((max * i / 10).ToString("0.##", CultureInfo.InvariantCulture), At(max * i / 10, 0) + new Vector2(-8, 8), Color.Black);
                canvas.DrawText((i / 10.0).ToString("0.0", CultureInfo.InvariantCulture), At(0, i / 10.0) + new Vector2(-32, -4), Color.Black);
            }
        }
        canvas.DrawRectangle(plot, 1, Color.Black);
        canvas.DrawText("NME (inter-ocular)", new Vector2(plot.CenterX - 60, height - 22), Color.Black);
        canvas.DrawText("fraction of faces", new Vector2(4, 8), Color.Black);

        for (int c = 0; c < curves.Count; c++)
        {
            var (label, report) = curves[c];
            var color = Palette[c % Palette.Length];
            var line = report.Ced.Select(p => At(p.Error, p.Fraction)).ToArray();
            canvas.DrawPolyline(line, 2, color);
            string legend = string.Create(CultureInfo.InvariantCulture, $"{label}: NME {report.MeanNmeInterOcular * 100:F2}%, AUC {report.Auc:F3}");
            var at = new Vector2(plot.Right - 8 - Canvas.MeasureText(legend).Width, plot.Bottom - 16 - 14 * (curves.Count - c));
            canvas.DrawLine(at + new Vector2(-22, 4), at + new Vector2(-4, 4), 2, color);
            canvas.DrawText(legend, at, Color.Black);
        }
        return image;
    }
}
