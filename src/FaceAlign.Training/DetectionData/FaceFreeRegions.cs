using FaceAlign.Detection;
using FaceAlign.Geometry;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// Parts of a face photo that hold no part of a labelled face: the four strips (left, right, above, below) around the
/// union of its faces' detector boxes, each box first grown by a quarter of its size on the sides and below and by 60 %
/// above (hair and forehead are not faces, but a forehead cut off above the brows still looks like part of one).
/// Strips thinner than <see cref="MinSide"/> pixels are dropped. Hard negatives: shoulders, hair, clothes, studio walls.
/// </summary>
internal static class FaceFreeRegions
{
    public const int MinSide = 12;

    public static List<Box> Of(FacePhoto photo, int width, int height)
    {
        var regions = new List<Box>();
        if (photo.Faces.Count == 0)
        {
            regions.Add(new Box(0, 0, width, height));
            return regions;
        }
        float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
        foreach (var face in photo.Faces)
        {
            var b = DetectorBoxConvention.FromLandmarks68(face);
            x0 = Math.Min(x0, b.X - 0.25f * b.Width);
            x1 = Math.Max(x1, b.Right + 0.25f * b.Width);
            y0 = Math.Min(y0, b.Y - 0.6f * b.Height);
            y1 = Math.Max(y1, b.Bottom + 0.25f * b.Height);
        }
        Add(regions, Box.FromCorners(0, 0, x0, height));
        Add(regions, Box.FromCorners(x1, 0, width, height));
        Add(regions, Box.FromCorners(0, 0, width, y0));
        Add(regions, Box.FromCorners(0, y1, width, height));
        return regions;

        void Add(List<Box> list, Box strip)
        {
            var clipped = strip.Clamp(width, height);
            if (clipped.Width >= MinSide && clipped.Height >= MinSide)
                list.Add(clipped);
        }
    }
}
