using FaceAlign.Kernels;
using FaceAlign.Tests.Reference;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>Unfold/Fold against the element-by-element definition, and Fold as the exact adjoint of Unfold.</summary>
public class Im2ColTests
{
    public static IEnumerable<object[]> Geometries()
    {
        // The fast cases (3×3, stride 1 and 2, pad 1) on odd sizes, then 1×1, 5×5, 7×7 stride 2 (a stem),
        // anisotropic kernels and strides, dilation, padding wider than the kernel reach, width-crossing rows.
        yield return [ConvGeometry.Square(3, 13, 19, 3, 1, 1)];
        yield return [ConvGeometry.Square(2, 13, 19, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 56, 56, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 7, 124, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 7, 124, 3, 1, 1)];
        yield return [ConvGeometry.Square(4, 5, 6, 1)];
        yield return [ConvGeometry.Square(1, 1, 1, 3, 1, 1)];
        yield return [ConvGeometry.Square(2, 2, 3, 3, 2, 1)];
        yield return [ConvGeometry.Square(3, 17, 16, 5, 1, 2)];
        yield return [ConvGeometry.Square(3, 33, 35, 7, 2, 3)];
        yield return [new ConvGeometry(2, 11, 13, 3, 2, 2, 3, 1, 0, 1, 1)];
        yield return [ConvGeometry.Square(2, 12, 14, 3, 1, 2, 2)];
        yield return [ConvGeometry.Square(2, 9, 10, 3, 3, 4, 1)];
        yield return [new ConvGeometry(1, 40, 41, 1, 4, 1, 2, 0, 2, 1, 3)];
        // Rows of ≤ 16 output pixels (masked AVX-512 rows): PFLD's 14×14 stride 1 and 28 → 14 / 14 → 7 stride 2,
        // 16 and 15 wide at stride 2 (the high vector's last lanes), one-pixel rows, pad 2 (two masked-off lanes).
        yield return [ConvGeometry.Square(3, 14, 14, 3, 1, 1)];
        yield return [ConvGeometry.Square(3, 28, 28, 3, 2, 1)];
        yield return [ConvGeometry.Square(3, 14, 14, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 31, 32, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 30, 29, 3, 2, 1)];
        yield return [ConvGeometry.Square(2, 7, 7, 7, 1, 1)];
        yield return [ConvGeometry.Square(2, 5, 5, 5)];
        yield return [ConvGeometry.Square(2, 9, 11, 5, 2, 2)];
        yield return [new ConvGeometry(2, 11, 13, 3, 2, 2, 1, 1, 0, 1, 1)]; // vertical stride 2, horizontal 1
        yield return [new ConvGeometry(2, 10, 16, 2, 3, 1, 2, 0, 1, 2, 1)]; // horizontal stride 2, vertical dilation 2
        yield return [new ConvGeometry(2, 6, 15, 1, 3, 3, 1, 0, 1, 1, 3)];  // vertical stride 3, horizontal dilation 3
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Unfold_and_Fold_match_the_definition(ConvGeometry g)
    {
        var random = new Random(g.GetHashCode());
        var image = RandomArray(random, g.Channels * g.Height * g.Width);
        var expected = new float[g.ColumnRows * g.ColumnCols];
        var actual = Enumerable.Repeat(float.NaN, expected.Length).ToArray();
        NaiveIm2Col.Unfold(image, g, expected);
        Im2Col.Unfold(image, g, actual);
        Assert.Equal(expected, actual);

        var columns = RandomArray(random, expected.Length);
        var foldedExpected = RandomArray(random, image.Length);
        var foldedActual = (float[])foldedExpected.Clone();
        NaiveIm2Col.Fold(columns, g, foldedExpected);
        Im2Col.Fold(columns, g, foldedActual);
        for (int i = 0; i < image.Length; i++)
            Assert.True(Math.Abs(foldedExpected[i] - foldedActual[i]) <= 1e-5f * (1 + Math.Abs(foldedExpected[i])), $"Fold[{i}]");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void With_a_row_stride_Unfold_and_Fold_touch_only_their_block(ConvGeometry g)
    {
        // The columns as block 1 of three side by side (row stride 3·Ho·Wo + 5, so rows are not aligned), inside a
        // longer buffer: Unfold must match the definition in its block and leave every other value (the gaps, the
        // neighbouring blocks, the tail) at its sentinel; Fold must read only its block.
        const float Sentinel = -12345f;
        int rows = g.ColumnRows, cols = g.ColumnCols, stride = 3 * cols + 5, offset = cols + 2, tail = 40;
        var random = new Random(g.GetHashCode() + 2);
        var image = RandomArray(random, g.Channels * g.Height * g.Width);
        var expected = new float[rows * cols];
        NaiveIm2Col.Unfold(image, g, expected);
        int length = offset + (rows - 1) * stride + cols;
        var buffer = Enumerable.Repeat(Sentinel, length + tail).ToArray();
        Im2Col.Unfold(image, g, buffer.AsSpan(offset, length - offset), stride);
        var inBlock = new bool[buffer.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                Assert.Equal(expected[r * cols + c], buffer[offset + r * stride + c]);
                inBlock[offset + r * stride + c] = true;
            }
        for (int i = 0; i < buffer.Length; i++)
            if (!inBlock[i])
                Assert.True(buffer[i] == Sentinel, $"Unfold wrote outside its block at {i}");

        var columns = RandomArray(random, rows * cols);
        var strided = Enumerable.Repeat(float.NaN, buffer.Length).ToArray();
        for (int r = 0; r < rows; r++)
            columns.AsSpan(r * cols, cols).CopyTo(strided.AsSpan(offset + r * stride, cols));
        var foldedExpected = RandomArray(random, image.Length);
        var foldedActual = (float[])foldedExpected.Clone();
        NaiveIm2Col.Fold(columns, g, foldedExpected);
        Im2Col.Fold(strided.AsSpan(offset, length - offset), g, foldedActual, stride);
        for (int i = 0; i < image.Length; i++)
            Assert.True(Math.Abs(foldedExpected[i] - foldedActual[i]) <= 1e-5f * (1 + Math.Abs(foldedExpected[i])), $"Fold[{i}]");
    }

    [Fact]
    public void A_row_stride_shorter_than_a_row_or_columns_too_short_are_rejected()
    {
        var g = ConvGeometry.Square(2, 5, 5, 3, 1, 1);
        var image = new float[2 * 25];
        Assert.Throws<ArgumentOutOfRangeException>(() => Im2Col.Unfold(image, g, new float[18 * 25], 24));
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(image, g, new float[17 * 30 + 24], 30));
        Assert.Throws<ArgumentException>(() => Im2Col.Fold(new float[17 * 30 + 24], g, image, 30));
        Im2Col.Unfold(image, g, new float[17 * 30 + 25], 30);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Fold_is_the_adjoint_of_Unfold(ConvGeometry g)
    {
        // ⟨Unfold(x), y⟩ = ⟨x, Fold(y)⟩ for any x, y.
        var random = new Random(g.GetHashCode() + 1);
        var x = RandomArray(random, g.Channels * g.Height * g.Width);
        var y = RandomArray(random, g.ColumnRows * g.ColumnCols);
        var unfolded = new float[y.Length];
        var folded = new float[x.Length];
        Im2Col.Unfold(x, g, unfolded);
        Im2Col.Fold(y, g, folded);
        double left = 0, right = 0, scale = 0;
        for (int i = 0; i < y.Length; i++)
        {
            left += (double)unfolded[i] * y[i];
            scale += Math.Abs((double)unfolded[i] * y[i]);
        }
        for (int i = 0; i < x.Length; i++)
            right += (double)x[i] * folded[i];
        Assert.True(Math.Abs(left - right) <= 1e-5 * (1 + scale), $"⟨Unfold x, y⟩ = {left}, ⟨x, Fold y⟩ = {right}");
    }

    [Fact]
    public void Rejects_bad_geometry_and_short_buffers()
    {
        var g = ConvGeometry.Square(1, 4, 4, 3, 1, 1);
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(new float[15], g, new float[144]));
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(new float[16], g, new float[143]));
        Assert.Throws<ArgumentException>(() => Im2Col.Fold(new float[144], g with { StrideWidth = 0 }, new float[16]));
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(new float[4], ConvGeometry.Square(1, 2, 2, 5), new float[100]));
    }
}
