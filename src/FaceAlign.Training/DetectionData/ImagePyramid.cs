using FaceAlign.Imaging;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// A decoded RGB source image with successive half-size copies (area-filtered by <see cref="Resize"/>), so a tile can
/// be shrunk by any factor while the bilinear warp itself never shrinks by more than 2× (which would alias).
/// Immutable once built; shared between threads.
/// </summary>
internal sealed class ImagePyramid
{
    private const int SmallestSide = 8;

    private readonly Image[] levels;

    private ImagePyramid(Image[] levels)
    {
        this.levels = levels;
        Bytes = levels.Sum(l => (long)l.Pixels.Length);
    }

    public int Width => levels[0].Width;

    public int Height => levels[0].Height;

    public long Bytes { get; }

    public int LevelCount => levels.Length;

    public static ImagePyramid Build(Image image)
    {
        var levels = new List<Image> { image.ToRgb() };
        while (Math.Min(levels[^1].Width, levels[^1].Height) >= 2 * SmallestSide)
        {
            var last = levels[^1];
            levels.Add(Resize.Bilinear(last, (last.Width + 1) / 2, (last.Height + 1) / 2));
        }
        return new ImagePyramid([.. levels]);
    }

    /// <summary>
    /// The smallest level that still has at least <paramref name="scale"/> times the full image's resolution, and its
    /// size relative to the full image per axis (levels round odd sizes up, so not exactly a power of ½).
    /// </summary>
    public (Image Level, double ScaleX, double ScaleY) ForScale(double scale)
    {
        int k = 0;
        while (k + 1 < levels.Length && (double)levels[k + 1].Width / Width >= scale && (double)levels[k + 1].Height / Height >= scale)
            k++;
        return (levels[k], (double)levels[k].Width / Width, (double)levels[k].Height / Height);
    }
}
