// The axes shared by the evaluation plots (CED, precision–recall): white background, a 10×10 grid over
// [0, xMax] × [0, 1], tick labels on every other line, axis titles and a legend stacked in the lower right.
using System.Globalization;
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;

namespace FaceAlign.Training.Evaluation;

internal sealed class PlotFrame
{
    public static readonly Color[] Palette = [new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(148, 103, 189), new(255, 127, 14)];

    private readonly Box plot;
    private readonly double xMax;

    public PlotFrame(int width, int height, double xMax, string xTitle, string yTitle, Func<double, string>? xTick = null)
    {
        Image = new Image(width, height, PixelFormat.Rgb8);
        Image.Pixels.AsSpan().Fill(255);
        Canvas = new Canvas(Image);
        const int left = 60, right = 20, top = 30, bottom = 50;
        plot = new Box(left, top, width - left - right, height - top - bottom);
        this.xMax = xMax;
        xTick ??= x => x.ToString("0.##", CultureInfo.InvariantCulture);
        for (int i = 0; i <= 10; i++)
        {
            var grid = new Color(225, 225, 225);
            Canvas.DrawLine(At(xMax * i / 10, 0), At(xMax * i / 10, 1), 1, grid);
            Canvas.DrawLine(At(0, i / 10.0), At(xMax, i / 10.0), 1, grid);
            if (i % 2 == 0)
            {
                Canvas.DrawText(xTick(xMax * i / 10), At(xMax * i / 10, 0) + new Vector2(-8, 8), Color.Black);
                Canvas.DrawText((i / 10.0).ToString("0.0", CultureInfo.InvariantCulture), At(0, i / 10.0) + new Vector2(-32, -4), Color.Black);
            }
        }
        Canvas.DrawRectangle(plot, 1, Color.Black);
        Canvas.DrawText(xTitle, new Vector2(plot.CenterX - 60, height - 22), Color.Black);
        Canvas.DrawText(yTitle, new Vector2(4, 8), Color.Black);
    }

    public Image Image { get; }

    public Canvas Canvas { get; }

    /// <summary>Pixel position of the data point (x, y), x in [0, xMax] and y in [0, 1].</summary>
    public Vector2 At(double x, double y) => new(plot.X + (float)(x / xMax) * plot.Width, plot.Bottom - (float)y * plot.Height);

    /// <summary>Curve <paramref name="index"/> of <paramref name="count"/>: a line in its palette colour and its legend.</summary>
    public void DrawCurve(ReadOnlySpan<Vector2> points, string legend, int index, int count)
    {
        var color = Palette[index % Palette.Length];
        Canvas.DrawPolyline(points, 2, color);
        var at = new Vector2(plot.Right - 8 - Canvas.MeasureText(legend).Width, plot.Bottom - 16 - 14 * (count - index));
        Canvas.DrawLine(at + new Vector2(-22, 4), at + new Vector2(-4, 4), 2, color);
        Canvas.DrawText(legend, at, Color.Black);
    }
}
