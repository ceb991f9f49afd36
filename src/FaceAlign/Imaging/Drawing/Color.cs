namespace FaceAlign.Imaging.Drawing;

/// <summary>An 8-bit sRGB colour with straight (not premultiplied) alpha; A = 255 is opaque.</summary>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    public static Color Black => new(0, 0, 0);
    public static Color White => new(255, 255, 255);
    public static Color Red => new(255, 0, 0);
    public static Color Green => new(0, 255, 0);
    public static Color Blue => new(0, 0, 255);
    public static Color Yellow => new(255, 255, 0);
    public static Color Cyan => new(0, 255, 255);
    public static Color Magenta => new(255, 0, 255);

    public Color WithAlpha(byte alpha) => this with { A = alpha };
}
