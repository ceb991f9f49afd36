namespace FaceAlign.Imaging;

/// <summary>Layout of one pixel in an <see cref="Image"/>: 8-bit samples, interleaved.</summary>
public enum PixelFormat
{
    /// <summary>One grey sample per pixel.</summary>
    Gray8 = 1,
    /// <summary>Red, green, blue.</summary>
    Rgb8 = 3,
    /// <summary>Red, green, blue, alpha (straight, not premultiplied).</summary>
    Rgba8 = 4,
}
