using FaceAlign.Geometry;

namespace FaceAlign.Imaging;

/// <summary>
/// Cuts an axis-aligned integer rectangle out of an image, copying rows (no resampling). The rectangle may extend
/// past the image: pixels outside are filled with a constant. For sub-pixel or rotated crops use <see cref="AffineWarp"/>.
/// </summary>
public static class Crop
{
    public static Image Apply(Image image, int x, int y, int width, int height, byte fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageSize.Check(width, height, image.Format, nameof(width));
        var result = new Image(width, height, image.Format);
        int ch = image.Channels;
        // long: x + width may overflow int for rectangles far outside the image.
        long x0 = Math.Max(x, 0), x1 = Math.Min((long)x + width, image.Width);
        long y0 = Math.Max(y, 0), y1 = Math.Min((long)y + height, image.Height);
        bool covered = x0 == x && y0 == y && x1 == (long)x + width && y1 == (long)y + height;
        if (!covered && fill != 0)
            result.Pixels.AsSpan().Fill(fill);
        if (x0 >= x1 || y0 >= y1)
            return result;
        int rowBytes = (int)(x1 - x0) * ch;
        for (long sy = y0; sy < y1; sy++)
        {
            var src = image.Pixels.AsSpan((int)(sy * image.Stride + x0 * ch), rowBytes);
            src.CopyTo(result.Pixels.AsSpan((int)((sy - y) * result.Stride + (x0 - x) * ch), rowBytes));
        }
        return result;
    }

    /// <summary>The box rounded outward to whole pixels (floor of the left/top edges, ceiling of the right/bottom).</summary>
    public static Image Apply(Image image, Box box, byte fill = 0)
    {
        if (!float.IsFinite(box.X) || !float.IsFinite(box.Y) || !float.IsFinite(box.Right) || !float.IsFinite(box.Bottom))
            throw new ArgumentException($"crop box is not finite: {box}", nameof(box));
        double x0 = Math.Floor(box.X), y0 = Math.Floor(box.Y);
        double x1 = Math.Ceiling(box.Right), y1 = Math.Ceiling(box.Bottom);
        if (x0 < int.MinValue || y0 < int.MinValue || x1 - x0 > int.MaxValue || y1 - y0 > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(box), $"crop box {box} is out of range");
        return Apply(image, (int)x0, (int)y0, (int)(x1 - x0), (int)(y1 - y0), fill);
    }
}
