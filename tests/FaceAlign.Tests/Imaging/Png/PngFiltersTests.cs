using FaceAlign.Imaging.Png;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>
/// Filters against hand-worked values from the spec's formulas, and every vector path against its naive twin on all
/// pixel sizes 1–8 and row lengths 0–131 (odd tails included).
/// </summary>
public class PngFiltersTests
{
    [Theory]
    [InlineData(10, 20, 20, 10)]    // p = 10: pa 0 → a
    [InlineData(10, 20, 10, 20)]    // p = 20: pa 10, pb 0 → b
    [InlineData(10, 20, 15, 15)]    // p = 15: pa 5, pb 5, pc 0 → c
    [InlineData(25, 10, 20, 10)]    // p = 15: pa 10, pb 5, pc 5 → tie of b and c goes to b
    [InlineData(100, 100, 100, 100)] // all equal → a
    [InlineData(200, 50, 255, 50)]  // p = −5: pa 205, pb 55, pc 260 → b (no byte wrap-around)
    [InlineData(255, 0, 0, 255)]    // p = 255: pa 0 → a
    public void Paeth_predictor_matches_hand_worked_values(int a, int b, int c, int expected) =>
        Assert.Equal(expected, PngFilters.PaethPredictor((byte)a, (byte)b, (byte)c));

    [Theory]
    [InlineData(1)] // Sub
    [InlineData(2)] // Up
    [InlineData(3)] // Average
    [InlineData(4)] // Paeth
    public void Vector_reconstruction_equals_the_naive_formula_for_every_pixel_size_and_length(int filterType)
    {
        var type = (PngFilterType)filterType;
        var rng = new Random(filterType);
        for (int bpp = 1; bpp <= 8; bpp++)
        {
            for (int length = 0; length <= 131; length++)
            {
                var row = new byte[length];
                var prior = new byte[length];
                rng.NextBytes(row);
                rng.NextBytes(prior);
                var fast = (byte[])row.Clone();
                var naive = (byte[])row.Clone();
                PngFilters.Unfilter(type, fast, prior, bpp);
                PngFilters.UnfilterNaive(type, naive, prior, bpp);
                Assert.True(naive.AsSpan().SequenceEqual(fast), $"{type} bpp {bpp} length {length}");
            }
        }
    }

    [Fact]
    public void Vector_filtering_and_its_cost_equal_the_naive_formulas_for_every_pixel_size_and_length()
    {
        var rng = new Random(17);
        for (int bpp = 1; bpp <= 8; bpp++)
        {
            for (int length = 0; length <= 131; length++)
            {
                var row = new byte[length];
                var prior = new byte[length];
                rng.NextBytes(row);
                rng.NextBytes(prior);
                for (var type = PngFilterType.None; type <= PngFilterType.Paeth; type++)
                {
                    var fast = new byte[length];
                    var naive = new byte[length];
                    PngFilters.Filter(type, row, prior, bpp, fast);
                    PngFilters.FilterNaive(type, row, prior, bpp, naive);
                    Assert.True(naive.AsSpan().SequenceEqual(fast), $"{type} bpp {bpp} length {length}");
                }
                Assert.Equal(PngFilters.FilterCostNaive(row), PngFilters.FilterCost(row));
            }
        }
        var extremes = Enumerable.Repeat((byte)0x80, 10_000).ToArray(); // −128 everywhere: the largest |b|, long rows
        Assert.Equal(128L * extremes.Length, PngFilters.FilterCost(extremes));
    }

    [Fact]
    public void Reconstruction_inverts_filtering()
    {
        var rng = new Random(11);
        foreach (int bpp in new[] { 1, 2, 3, 4, 6, 8 })
        {
            var row = new byte[bpp * 37];
            var prior = new byte[row.Length];
            rng.NextBytes(row);
            rng.NextBytes(prior);
            for (var type = PngFilterType.None; type <= PngFilterType.Paeth; type++)
            {
                var filtered = new byte[row.Length];
                PngFilters.Filter(type, row, prior, bpp, filtered);
                PngFilters.Unfilter(type, filtered, prior, bpp);
                Assert.Equal(row, filtered);
            }
        }
    }

    [Fact]
    public void Sub_and_Average_follow_the_spec_on_a_worked_row()
    {
        // bpp 1, prior row 10 20 30: Sub adds the left byte; Average adds floor((left + above) / 2).
        byte[] sub = [5, 1, 250];
        PngFilters.Unfilter(PngFilterType.Sub, sub, [10, 20, 30], 1);
        Assert.Equal(new byte[] { 5, 6, 0 }, sub); // 6 + 250 = 256 → 0 (mod 256)
        byte[] avg = [5, 1, 2];
        PngFilters.Unfilter(PngFilterType.Average, avg, [10, 20, 30], 1);
        Assert.Equal(new byte[] { 10, 16, 25 }, avg); // 5 + 10/2, 1 + (10+20)/2, 2 + (16+30)/2
    }
}
