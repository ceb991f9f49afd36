// The --draw picture: each face's box, its landmarks (or the detector's five points), a small head-pose axis at the
// nose and the score above the box. Line widths and dot sizes follow the face size so small and large faces read alike.
using System.Globalization;
using System.Numerics;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Detect;

internal static class FaceDrawing
{
    /// <summary>An RGB copy of <paramref name="image"/> with the faces drawn on it (the input is not changed).</summary>
    public static Image Annotate(Image image, IReadOnlyList<Face> faces)
    {
        var picture = image.Format == PixelFormat.Rgb8 ? image.Clone() : image.ToRgb();
        var canvas = new Canvas(picture);
        foreach (var face in faces)
            Draw(canvas, face);
        return picture;
    }

    private static void Draw(Canvas canvas, Face face)
    {
        float size = Math.Max(face.Box.Width, face.Box.Height);
        float line = Math.Max(1.5f, size / 80);
        canvas.DrawRectangle(face.Box, line, Color.Green);
        var points = face.Landmarks ?? face.Landmarks5;
        var dot = face.Landmarks is null ? Color.Yellow : Color.Cyan;
        foreach (var p in points)
            canvas.FillCircle(p, Math.Max(1f, size / 110), dot);
        if (face.Pose is { } pose && face.AlignmentPoints.Length == 5)
            DrawAxes(canvas, face.AlignmentPoints[2], pose.ToMatrix(), 0.35f * size, line);
        int scale = size >= 150 ? 2 : 1;
        string label = face.Score.ToString("0.00", CultureInfo.InvariantCulture);
        var (_, height) = Canvas.MeasureText(label, scale);
        float top = face.Box.Y - height - 2 * scale;
        canvas.DrawText(label, new Vector2(face.Box.X, top >= 0 ? top : face.Box.Y + line + scale), Color.White, scale, Color.Black.WithAlpha(160));
    }

    /// <summary>
    /// The head's axes, projected orthographically from the nose: red to the subject's left (image right when frontal),
    /// green up, blue out of the face. Model axes are x right, y down, z away from the camera (see MeanFace3D), so the
    /// drawn directions are the rotation's columns for +x, −y and −z.
    /// </summary>
    private static void DrawAxes(Canvas canvas, Vector2 origin, Geometry.Matrix3 r, float length, float width)
    {
        Span<(Vector2 Direction, Color Color)> axes =
        [
            (new Vector2((float)r.M11, (float)r.M21), Color.Red),
            (new Vector2((float)-r.M12, (float)-r.M22), Color.Green),
            (new Vector2((float)-r.M13, (float)-r.M23), Color.Blue),
        ];
        foreach (var (direction, color) in axes)
            canvas.DrawLine(origin, origin + direction * length, width, color);
    }
}
