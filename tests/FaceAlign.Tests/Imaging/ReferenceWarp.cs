using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

/// <summary>
/// The test oracle for <see cref="AffineWarp"/>: the textbook definition in double precision, one pixel at a time —
/// destination centre (u + ½, v + ½) → inverse map → minus ½ → weighted sum of the four neighbours, border rule per tap.
/// </summary>
internal static class ReferenceWarp
{
    public static Image Apply(Image source, AffineTransform forward, int width, int height, Border border)
    {
        var inverse = forward.Invert();
        var result = new Image(width, height, source.Format);
        int ch = source.Channels;
        for (int v = 0; v < height; v++)
        {
            for (int u = 0; u < width; u++)
            {
                double x = inverse.M00 * (u + 0.5) + inverse.M01 * (v + 0.5) + inverse.M02 - 0.5;
                double y = inverse.M10 * (u + 0.5) + inverse.M11 * (v + 0.5) + inverse.M12 - 0.5;
                double x0 = Math.Floor(x), y0 = Math.Floor(y);
                double fx = x - x0, fy = y - y0;
                for (int c = 0; c < ch; c++)
                {
                    double value =
                        (1 - fx) * (1 - fy) * Tap(source, x0, y0, c, border) + fx * (1 - fy) * Tap(source, x0 + 1, y0, c, border)
                        + (1 - fx) * fy * Tap(source, x0, y0 + 1, c, border) + fx * fy * Tap(source, x0 + 1, y0 + 1, c, border);
                    result.Pixels[(v * width + u) * ch + c] = (byte)Math.Round(value, MidpointRounding.AwayFromZero);
                }
            }
        }
        return result;
    }

    private static double Tap(Image image, double x, double y, int c, Border border)
    {
        bool outside = x < 0 || y < 0 || x >= image.Width || y >= image.Height;
        if (outside && border.Mode == BorderMode.Constant)
            return border.Value;
        int xi = (int)Math.Clamp(x, 0, image.Width - 1), yi = (int)Math.Clamp(y, 0, image.Height - 1);
        return RandomImages.At(image, xi, yi, c);
    }
}
