using FaceAlign.Imaging;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Tests.Training.DetectionData;

public class PyramidCacheTests
{
    private static ImagePyramid Pyramid(int side) => ImagePyramid.Build(new Image(side, side, PixelFormat.Gray8));

    [Fact]
    public void Pyramids_halve_down_to_eight_pixels_and_pick_the_level_for_a_scale()
    {
        var pyramid = Pyramid(100); // 100, 50, 25, 13
        Assert.Equal(4, pyramid.LevelCount);
        Assert.Equal(3 * (100 * 100 + 50 * 50 + 25 * 25 + 13 * 13), pyramid.Bytes); // stored as RGB
        Assert.Equal(100, pyramid.ForScale(2).Level.Width);
        Assert.Equal(100, pyramid.ForScale(0.51).Level.Width);
        Assert.Equal(50, pyramid.ForScale(0.5).Level.Width);
        Assert.Equal(25, pyramid.ForScale(0.2).Level.Width);
        var (level, sx, sy) = pyramid.ForScale(0.01);
        Assert.Equal((13, 0.13, 0.13), (level.Width, sx, sy));
        Assert.Equal(PixelFormat.Rgb8, level.Format);
    }

    [Fact]
    public void Least_recently_used_pyramids_are_evicted_to_stay_within_the_budget()
    {
        long one = Pyramid(40).Bytes;
        int loads = 0;
        var cache = new PyramidCache(3 * one, _ => { loads++; return Pyramid(40); });
        cache.Get("a");
        cache.Get("b");
        cache.Get("c");
        cache.Get("a"); // a is now the most recent; b the least
        cache.Get("d"); // evicts b
        Assert.Equal(4, loads);
        Assert.Equal(3, cache.Count);
        Assert.Equal(3 * one, cache.Bytes);
        cache.Get("a");
        cache.Get("c");
        Assert.Equal(4, loads);
        cache.Get("b");
        Assert.Equal(5, loads);
    }

    [Fact]
    public void An_image_larger_than_the_budget_is_served_but_not_kept()
    {
        var cache = new PyramidCache(100, _ => Pyramid(40));
        Assert.Equal(40, cache.Get("big").Width);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void Parallel_gets_stay_within_the_budget()
    {
        long one = Pyramid(32).Bytes;
        var cache = new PyramidCache(5 * one, _ => Pyramid(32));
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => Assert.Equal(32, cache.Get((i * 7 % 13).ToString()).Width));
        Assert.Equal(5, cache.Count);
        Assert.Equal(5 * one, cache.Bytes);
    }
}
