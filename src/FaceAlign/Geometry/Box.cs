namespace FaceAlign.Geometry;

/// <summary>An axis-aligned box in pixels: top-left corner (X, Y), Width and Height. Origin at the top-left pixel's corner.</summary>
public readonly record struct Box(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Math.Max(0f, Width) * Math.Max(0f, Height);
    public float CenterX => X + Width * 0.5f;
    public float CenterY => Y + Height * 0.5f;

    public static Box FromCorners(float x0, float y0, float x1, float y1) => new(x0, y0, x1 - x0, y1 - y0);

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
}
