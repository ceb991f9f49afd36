using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>An axis-aligned box in pixels: top-left corner (X, Y), Width and Height. Origin at the top-left pixel's corner.</summary>
public readonly record struct Box(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Math.Max(0f, Width) * Math.Max(0f, Height);
    public float CenterX => X + Width * 0.5f;
    public float CenterY => Y + Height * 0.5f;
    public Vector2 Center => new(CenterX, CenterY);
    public bool IsEmpty => !(Width > 0 && Height > 0);

    public static Box FromCorners(float x0, float y0, float x1, float y1) => new(x0, y0, x1 - x0, y1 - y0);

    public static Box FromCenter(Vector2 center, float width, float height) =>
        new(center.X - width * 0.5f, center.Y - height * 0.5f, width, height);

    /// <summary>The tightest box holding every point (landmarks → face box). Throws for an empty span.</summary>
    public static Box FromPoints(ReadOnlySpan<Vector2> points)
    {
        if (points.IsEmpty)
            throw new ArgumentException("cannot bound an empty set of points", nameof(points));
        Vector2 min = points[0], max = points[0];
        foreach (var p in points)
        {
            min = Vector2.Min(min, p);
            max = Vector2.Max(max, p);
        }
        return FromCorners(min.X, min.Y, max.X, max.Y);
    }

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public float IoU(Box other)
    {
        float iw = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        float ih = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (iw <= 0 || ih <= 0)
            return 0f;
        float inter = iw * ih;
        float union = Area + other.Area - inter;
        return union > 0 ? inter / union : 0f;
    }

    /// <summary>Same centre, sides multiplied by <paramref name="factor"/> (1.2 = 20 % larger).</summary>
    public Box Scale(float factor) => FromCenter(Center, Width * factor, Height * factor);

    /// <summary>
    /// A square with side max(Width, Height)·<paramref name="factor"/> around the same centre — the usual crop for a
    /// landmark model, which wants the whole face at a fixed aspect ratio.
    /// </summary>
    public Box ToSquare(float factor = 1f)
    {
        float side = Math.Max(Width, Height) * factor;
        return FromCenter(Center, side, side);
    }

    /// <summary>Each side pushed out by <paramref name="margin"/> pixels (negative shrinks).</summary>
    public Box Inflate(float margin) => new(X - margin, Y - margin, Width + 2 * margin, Height + 2 * margin);

    public Box Offset(float dx, float dy) => this with { X = X + dx, Y = Y + dy };

    /// <summary>The overlap of two boxes; a box of zero width or height (<see cref="IsEmpty"/>) when they do not meet.</summary>
    public Box Intersect(Box other)
    {
        float x0 = Math.Max(X, other.X), y0 = Math.Max(Y, other.Y);
        float x1 = Math.Min(Right, other.Right), y1 = Math.Min(Bottom, other.Bottom);
        return new(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    /// <summary>This box clipped to an image of the given size (the rectangle [0, width] × [0, height]).</summary>
    public Box Clamp(int width, int height) => Intersect(new Box(0, 0, width, height));

    /// <summary>True when <paramref name="p"/> lies inside; the left/top edges are inside, the right/bottom edges outside.</summary>
    public bool Contains(Vector2 p) => p.X >= X && p.X < Right && p.Y >= Y && p.Y < Bottom;
}
