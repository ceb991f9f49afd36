using FaceAlign.Kernels;
using static FaceAlign.Tests.Kernels.KernelTestData;

namespace FaceAlign.Tests.Kernels;

/// <summary>The transpose against the index definition, on every small shape (blocks and edges) and the conv's column matrices.</summary>
public class MatrixTransposeTests
{
    public static TheoryData<int, int> Shapes()
    {
        var shapes = new TheoryData<int, int>();
        for (int rows = 0; rows <= 19; rows++)
            foreach (int cols in new[] { 0, 1, 7, 8, 9, 16, 17 })
                shapes.Add(rows, cols);
        shapes.Add(1152, 196);
        shapes.Add(27, 3136);
        shapes.Add(128, 9);
        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_definition_and_writes_nothing_past_the_matrix(int rows, int cols)
    {
        const float Sentinel = -4242f;
        var src = RandomArray(new Random(rows * 100 + cols), rows * cols);
        foreach (bool simd in new[] { true, false })
        {
            var dst = WithTail(Enumerable.Repeat(float.NaN, rows * cols).ToArray(), 16, Sentinel);
            MatrixTranspose.Run(src, rows, cols, dst.AsSpan(0, rows * cols), simd);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    if (dst[c * rows + r] != src[r * cols + c])
                        Assert.Fail($"simd={simd}: dst[{c}, {r}] = {dst[c * rows + r]}, src[{r}, {c}] = {src[r * cols + c]}");
            Assert.All(dst[(rows * cols)..], v => Assert.Equal(Sentinel, v));
        }
    }

    [Fact]
    public void Short_buffers_are_refused() =>
        Assert.Throws<ArgumentException>(() => MatrixTranspose.Run(new float[12], 3, 4, new float[11]));
}
