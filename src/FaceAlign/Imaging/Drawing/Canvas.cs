using System.Buffers;
using System.Numerics;
using FaceAlign.Geometry;

namespace FaceAlign.Imaging.Drawing;

/// <summary>
/// Draws annotations onto an Rgb8 or Rgba8 <see cref="Image"/> in place: anti-aliased dots, lines and polylines,
/// rectangles, and labels in the built-in 5×7 font. Coordinates are pixels with the origin at the top-left pixel's
/// corner (pixel (i, j) covers [i, i+1)×[j, j+1)); anything outside the image is clipped, never an error.
/// Colours with alpha blend over the image ("over" compositing with straight alpha). Not a vector-graphics engine:
/// no paths, joins are round, coverage is the 1-pixel distance ramp rather than exact area for curves.
/// </summary>
public sealed class Canvas
{
    private readonly byte[] _pixels;
    private readonly int _stride;
    private readonly int _channels;

    public Canvas(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Format is not (PixelFormat.Rgb8 or PixelFormat.Rgba8))
            throw new ArgumentException($"a canvas draws on Rgb8 or Rgba8 images, not {image.Format}; convert with ToRgb() first", nameof(image));
        Image = image;
        _pixels = image.Pixels;
        _stride = image.Stride;
        _channels = image.Channels;
    }

    public Image Image { get; }
    public int Width => Image.Width;
    public int Height => Image.Height;

    /// <summary>A disc (landmark dot) of the given radius, anti-aliased at its rim.</summary>
    public void FillCircle(Vector2 center, float radius, Color color)
    {
        ReadOnlySpan<Vector2> point = [center];
        Stroke(point, closed: false, radius, color);
    }

    /// <summary>A line of the given width with round caps; pixels are covered by distance to the segment.</summary>
    public void DrawLine(Vector2 from, Vector2 to, float width, Color color)
    {
        ReadOnlySpan<Vector2> ends = [from, to];
        Stroke(ends, closed: false, width * 0.5f, color);
    }

    /// <summary>
    /// Connected line segments (a face contour, an eye). Drawn as one shape, so joints are not painted twice
    /// and a translucent polyline has uniform opacity.
    /// </summary>
    public void DrawPolyline(ReadOnlySpan<Vector2> points, float width, Color color, bool closed = false) =>
        Stroke(points, closed, width * 0.5f, color);

    /// <summary>A rectangle outline whose stroke of the given thickness lies inside <paramref name="box"/>.</summary>
    public void DrawRectangle(Box box, float thickness, Color color)
    {
        if (!(thickness > 0))
            return;
        var inner = box.Inflate(-thickness);
        if (inner.IsEmpty)
            inner = default;
        FillBox(box, inner, color);
    }

    /// <summary>Fills <paramref name="box"/>; edges at fractional coordinates get partial (area) coverage.</summary>
    public void FillRectangle(Box box, Color color) => FillBox(box, default, color);

    /// <summary>Size in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (lines split at '\n').</summary>
    public static (int Width, int Height) MeasureText(string text, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (scale < 1)
            throw new ArgumentOutOfRangeException(nameof(scale), $"text scale must be at least 1, got {scale}");
        if (text.Length == 0)
            return (0, 0);
        int lines = 1, longest = 0, current = 0;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                lines++;
                current = 0;
                continue;
            }
            longest = Math.Max(longest, ++current);
        }
        // The last cell's spacing column/row is not part of the ink.
        int width = longest == 0 ? 0 : (longest * BitmapFont.CellWidth - 1) * scale;
        return (width, (lines * BitmapFont.CellHeight - 1) * scale);
    }

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left at <paramref name="position"/> (rounded to whole pixels), glyphs
    /// magnified by the integer <paramref name="scale"/>. A <paramref name="background"/> box is filled first with a
    /// margin of <paramref name="scale"/> pixels, so labels stay legible over any image.
    /// </summary>
    public void DrawText(string text, Vector2 position, Color color, int scale = 1, Color? background = null)
    {
        var (width, height) = MeasureText(text, scale);
        if (!float.IsFinite(position.X) || !float.IsFinite(position.Y))
            return;
        float left = MathF.Round(position.X), top = MathF.Round(position.Y);
        if (background is { } fill && width > 0)
            FillRectangle(new Box(left - scale, top - scale, width + 2 * scale, height + 2 * scale), fill);
        float x = left, y = top;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                x = left;
                y += BitmapFont.CellHeight * scale;
                continue;
            }
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (BitmapFont.IsSet(c, column, row))
                        FillRectangle(new Box(x + column * scale, y + row * scale, scale, scale), color);
                }
            }
            x += BitmapFont.CellWidth * scale;
        }
    }

    /// <summary>
    /// Paints every pixel within <paramref name="halfWidth"/> of the polyline (a single point is a disc). Coverage is
    /// clamp(halfWidth + ½ − d, 0, 1) for the distance d from the pixel centre: a one-pixel ramp across the edge.
    /// Works row by row: for each row only the x-range each segment's capsule can reach is visited.
    /// </summary>
    private void Stroke(ReadOnlySpan<Vector2> points, bool closed, float halfWidth, Color color)
    {
        if (points.IsEmpty || color.A == 0 || !(halfWidth > 0) || !float.IsFinite(halfWidth))
            return;
        double reach = halfWidth + 0.5;
        double minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        foreach (var p in points)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
                return;
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }
        // Clamp in double before converting: far-away coordinates must not overflow int.
        int rowStart = (int)Math.Clamp(Math.Floor(minY - reach), 0, Height);
        int rowEnd = (int)Math.Clamp(Math.Ceiling(maxY + reach), -1, Height - 1);
        if (rowStart > rowEnd)
            return;
        int segments = points.Length == 1 ? 1 : points.Length - 1 + (closed && points.Length > 2 ? 1 : 0);
        var buffer = ArrayPool<float>.Shared.Rent(Width);
        var coverage = buffer.AsSpan(0, Width);
        coverage.Clear();
        for (int y = rowStart; y <= rowEnd; y++)
        {
            double yc = y + 0.5;
            int touchedFrom = int.MaxValue, touchedTo = -1;
            for (int s = 0; s < segments; s++)
            {
                Vector2 a = points[s], b = points[points.Length == 1 ? 0 : (s + 1) % points.Length];
                if (!SegmentRowRange(a, b, yc, reach, out int x0, out int x1))
                    continue;
                for (int x = x0; x <= x1; x++)
                {
                    double d = DistanceToSegment(x + 0.5, yc, a, b);
                    float c = (float)Math.Clamp(reach - d, 0, 1);
                    if (c > coverage[x])
                        coverage[x] = c;
                }
                touchedFrom = Math.Min(touchedFrom, x0);
                touchedTo = Math.Max(touchedTo, x1);
            }
            for (int x = touchedFrom; x <= touchedTo; x++)
            {
                if (coverage[x] > 0)
                    Blend(x, y, color, coverage[x]);
                coverage[x] = 0;
            }
        }
        ArrayPool<float>.Shared.Return(buffer);
    }

    /// <summary>
    /// Columns of row centre <paramref name="yc"/> that may lie within <paramref name="reach"/> of segment ab: the part of
    /// the segment with |y − yc| ≤ reach, widened by reach and clipped to the image. False when the row is out of reach.
    /// </summary>
    private bool SegmentRowRange(Vector2 a, Vector2 b, double yc, double reach, out int x0, out int x1)
    {
        x0 = x1 = 0;
        double ax = a.X, ay = a.Y, dx = b.X - ax, dy = b.Y - ay;
        double t0 = 0, t1 = 1;
        if (Math.Abs(dy) > 1e-12)
        {
            double ta = (yc - reach - ay) / dy, tb = (yc + reach - ay) / dy;
            t0 = Math.Max(0, Math.Min(ta, tb));
            t1 = Math.Min(1, Math.Max(ta, tb));
            if (t0 > t1)
                return false;
        }
        else if (Math.Abs(ay - yc) > reach)
        {
            return false;
        }
        double xa = ax + t0 * dx, xb = ax + t1 * dx;
        double lo = Math.Floor(Math.Min(xa, xb) - reach), hi = Math.Ceiling(Math.Max(xa, xb) + reach);
        if (hi < 0 || lo > Width - 1)
            return false;
        x0 = (int)Math.Max(0, lo);
        x1 = (int)Math.Min(Width - 1, hi);
        return true;
    }

    private static double DistanceToSegment(double px, double py, Vector2 a, Vector2 b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y, ex = px - a.X, ey = py - a.Y;
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared > 0 ? Math.Clamp((ex * dx + ey * dy) / lengthSquared, 0, 1) : 0;
        double rx = ex - t * dx, ry = ey - t * dy;
        return Math.Sqrt(rx * rx + ry * ry);
    }

    /// <summary>Paints area coverage of <paramref name="outer"/> minus <paramref name="inner"/> (inner ⊂ outer, or empty).</summary>
    private void FillBox(Box outer, Box inner, Color color)
    {
        if (color.A == 0 || outer.IsEmpty || !float.IsFinite(outer.X) || !float.IsFinite(outer.Y)
            || !float.IsFinite(outer.Right) || !float.IsFinite(outer.Bottom))
            return;
        var clipped = outer.Clamp(Width, Height);
        if (clipped.IsEmpty)
            return;
        int xStart = (int)MathF.Floor(clipped.X), xEnd = (int)MathF.Ceiling(clipped.Right) - 1;
        int yStart = (int)MathF.Floor(clipped.Y), yEnd = (int)MathF.Ceiling(clipped.Bottom) - 1;
        bool hollow = !inner.IsEmpty;
        for (int y = yStart; y <= yEnd; y++)
        {
            float outerY = Overlap(y, outer.Y, outer.Bottom);
            float innerY = hollow ? Overlap(y, inner.Y, inner.Bottom) : 0;
            // Rows fully inside the hole only need the left and right bands.
            int skipFrom = int.MaxValue, skipTo = int.MinValue;
            if (innerY >= 1)
            {
                skipFrom = (int)MathF.Ceiling(inner.X);
                skipTo = (int)MathF.Floor(inner.Right) - 1;
            }
            for (int x = xStart; x <= xEnd; x++)
            {
                if (x == skipFrom && skipTo >= skipFrom)
                {
                    x = skipTo;
                    continue;
                }
                float c = Overlap(x, outer.X, outer.Right) * outerY;
                if (hollow)
                    c -= Overlap(x, inner.X, inner.Right) * innerY;
                if (c > 0)
                    Blend(x, y, color, Math.Min(c, 1f));
            }
        }
    }

    /// <summary>Length of [i, i+1) ∩ [lo, hi): how much of pixel column/row i an interval covers.</summary>
    private static float Overlap(int i, float lo, float hi) => Math.Clamp(Math.Min(i + 1, hi) - Math.Max(i, lo), 0f, 1f);

    /// <summary>Composites <paramref name="color"/> at <paramref name="coverage"/> (0–1) over pixel (x, y).</summary>
    private void Blend(int x, int y, Color color, float coverage)
    {
        int alpha = (int)(color.A * coverage + 0.5f);
        if (alpha == 0)
            return;
        int i = y * _stride + x * _channels;
        var px = _pixels;
        if (_channels == 3 || px[i + 3] == 255)
        {
            // Opaque destination: plain linear interpolation, rounded.
            int keep = 255 - alpha;
            px[i] = (byte)((color.R * alpha + px[i] * keep + 127) / 255);
            px[i + 1] = (byte)((color.G * alpha + px[i + 1] * keep + 127) / 255);
            px[i + 2] = (byte)((color.B * alpha + px[i + 2] * keep + 127) / 255);
            return;
        }
        // Porter–Duff "over" with straight alpha: αo = αs + αd(1 − αs), Co = (Cs·αs + Cd·αd(1 − αs)) / αo.
        float sa = alpha / 255f, da = px[i + 3] / 255f * (1 - sa), oa = sa + da;
        px[i] = (byte)((color.R * sa + px[i] * da) / oa + 0.5f);
        px[i + 1] = (byte)((color.G * sa + px[i + 1] * da) / oa + 0.5f);
        px[i + 2] = (byte)((color.B * sa + px[i + 2] * da) / oa + 0.5f);
        px[i + 3] = (byte)(oa * 255 + 0.5f);
    }
}
