using FaceAlign.Geometry;
using FaceAlign.Imaging;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// Paints part of a source image into the mosaic: the pixels of an axis-aligned tile rectangle of the canvas whose
/// source position (through the inverse of the source → canvas map) falls inside a valid source rectangle. Pixels are
/// sampled bilinearly from the pyramid level nearest the map's scale, jittered, and blended with an optional feather:
/// opacity rises linearly over <c>feather</c> canvas pixels from the tile's and the valid region's edges, so tiles do
/// not always meet in hard seams a detector could learn as "a face is near an edge".
/// </summary>
internal static class TilePainter
{
    /// <param name="forward">Full-resolution source pixels → canvas pixels (a similarity, possibly mirrored).</param>
    /// <param name="scale">The map's scale factor (canvas pixels per source pixel).</param>
    public static void Paint(Image canvas, ImagePyramid source, AffineTransform forward, double scale, Box tile, Box valid, float feather, ColorJitter jitter)
    {
        // Canvas pixels whose centres lie inside the tile.
        int x0 = Math.Max(0, (int)Math.Ceiling(tile.X - 0.5)), x1 = Math.Min(canvas.Width, (int)Math.Floor(tile.Right - 0.5) + 1);
        int y0 = Math.Max(0, (int)Math.Ceiling(tile.Y - 0.5)), y1 = Math.Min(canvas.Height, (int)Math.Floor(tile.Bottom - 0.5) + 1);
        if (x1 <= x0 || y1 <= y0 || valid.IsEmpty)
            return;
        var (level, sx, sy) = source.ForScale(scale);
        var levelToPatch = AffineTransform.Scaling(1 / sx, 1 / sy).Then(forward).Then(AffineTransform.Translation(-x0, -y0));
        var patch = AffineWarp.Apply(level, levelToPatch, x1 - x0, y1 - y0, Border.Replicate);
        jitter.Apply(patch);

        var inverse = forward.Invert();
        var px = canvas.Pixels;
        var src = patch.Pixels;
        for (int y = y0; y < y1; y++)
        {
            double cy = y + 0.5;
            for (int x = x0; x < x1; x++)
            {
                double cx = x + 0.5;
                double qx = inverse.M00 * cx + inverse.M01 * cy + inverse.M02;
                double qy = inverse.M10 * cx + inverse.M11 * cy + inverse.M12;
                double inside = Math.Min(Math.Min(qx - valid.X, valid.Right - qx), Math.Min(qy - valid.Y, valid.Bottom - qy)) * scale;
                if (inside <= 0)
                    continue;
                double alpha = 1;
                if (feather > 0)
                {
                    double edge = Math.Min(Math.Min(cx - tile.X, tile.Right - cx), Math.Min(cy - tile.Y, tile.Bottom - cy));
                    alpha = Math.Clamp(Math.Min(inside, edge) / feather, 0, 1);
                }
                int d = (y * canvas.Width + x) * 3, s = ((y - y0) * patch.Width + (x - x0)) * 3;
                if (alpha >= 1)
                {
                    px[d] = src[s];
                    px[d + 1] = src[s + 1];
                    px[d + 2] = src[s + 2];
                }
                else
                {
                    float a = (float)alpha, keep = 1 - a;
                    px[d] = (byte)(src[s] * a + px[d] * keep + 0.5f);
                    px[d + 1] = (byte)(src[s + 1] * a + px[d + 1] * keep + 0.5f);
                    px[d + 2] = (byte)(src[s + 2] * a + px[d + 2] * keep + 0.5f);
                }
            }
        }
    }
}
