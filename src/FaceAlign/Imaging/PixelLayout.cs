namespace FaceAlign.Imaging;

/// <summary>Byte order of one pixel in a caller's raw buffer (the layouts ImageSharp, SkiaSharp and System.Drawing hand out).</summary>
public enum PixelLayout
{
    Gray8,
    Rgb24,
    Bgr24,
    Rgba32,
    Bgra32,
}
