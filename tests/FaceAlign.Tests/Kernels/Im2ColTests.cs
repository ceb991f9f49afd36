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
