using FaceAlign.Kernels;

namespace FaceAlign.Tests.Kernels;

/// <summary>The batch ↔ channel-major layout copies against their index definition, with sentinels past the outputs.</summary>
public class ChannelMajorTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(5, 32, 49)]
    [InlineData(28, 4, 9)]
    public void Gather_and_Scatter_follow_the_definition_and_stay_in_bounds(int count, int channels, int plane)
    {
        const float Sentinel = -12345f;
        int length = count * channels * plane;
        var images = Enumerable.Range(0, length).Select(i => (float)i).ToArray();
        var matrix = Enumerable.Repeat(Sentinel, length + 17).ToArray();
        ChannelMajor.Gather(images, count, channels, plane, matrix);
        for (int c = 0; c < channels; c++)
            for (int j = 0; j < count; j++)
                for (int p = 0; p < plane; p++)
                    Assert.Equal(images[(j * channels + c) * plane + p], matrix[c * count * plane + j * plane + p]);
        Assert.All(matrix[length..], v => Assert.Equal(Sentinel, v));

        var back = Enumerable.Repeat(Sentinel, length + 17).ToArray();
        ChannelMajor.Scatter(matrix.AsSpan(0, length), count, channels, plane, back);
        Assert.Equal(images, back[..length]);
        Assert.All(back[length..], v => Assert.Equal(Sentinel, v));
    }

    [Fact]
    public void Short_buffers_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ChannelMajor.Gather(new float[23], 2, 3, 4, new float[24]));
        Assert.Throws<ArgumentException>(() => ChannelMajor.Scatter(new float[23], 2, 3, 4, new float[24]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelMajor.Gather(new float[24], -1, 3, 4, new float[24]));
    }
}
