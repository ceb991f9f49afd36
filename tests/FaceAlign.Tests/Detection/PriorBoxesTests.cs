using FaceAlign.Detection;

namespace FaceAlign.Tests.Detection;

public class PriorBoxesTests
{
    [Fact]
    public void A_640_by_640_input_has_RetinaFace_s_16800_anchors()
    {
        // (80² + 40² + 20²) cells × 2 sizes, the count biubug6's PriorBox gives for cfg_mnet at 640.
        Assert.Equal(16800, PriorBoxes.Count(640, 640));
        Assert.Equal(16800, PriorBoxes.Generate(640, 640).Length);
    }

    [Fact]
    public void Anchors_come_level_by_level_row_major_with_both_sizes_per_cell()
    {
        var anchors = PriorBoxes.Generate(64, 96);  // maps 8×12, 4×6, 2×3
        Assert.Equal((8 * 12 + 4 * 6 + 2 * 3) * 2, anchors.Length);
        Assert.Equal(new Anchor(4, 4, 16, 16), anchors[0]);
        Assert.Equal(new Anchor(4, 4, 32, 32), anchors[1]);
        Assert.Equal(new Anchor(12, 4, 16, 16), anchors[2]);        // next column
        Assert.Equal(new Anchor(4, 12, 16, 16), anchors[2 * 12]);   // next row
        int level2 = 8 * 12 * 2;
        Assert.Equal(new Anchor(8, 8, 64, 64), anchors[level2]);
        Assert.Equal(new Anchor(8 + 16 * 5, 8 + 16 * 3, 128, 128), anchors[level2 + 4 * 6 * 2 - 1]);
        int level3 = level2 + 4 * 6 * 2;
        Assert.Equal(new Anchor(16, 16, 256, 256), anchors[level3]);
        Assert.Equal(new Anchor(16 + 32 * 2, 16 + 32, 512, 512), anchors[^1]);
    }

    [Fact]
    public void Map_sizes_round_up_as_stride_two_convolutions_do()
    {
        Assert.Equal((9, 13), PriorBoxes.MapSize(70, 100, 0));
        Assert.Equal((5, 7), PriorBoxes.MapSize(70, 100, 1));
        Assert.Equal((3, 4), PriorBoxes.MapSize(70, 100, 2));
        Assert.Equal(328, PriorBoxes.Count(70, 100));
    }

    [Fact]
    public void A_nonpositive_size_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriorBoxes.Generate(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => PriorBoxes.Count(10, -1));
    }
}
