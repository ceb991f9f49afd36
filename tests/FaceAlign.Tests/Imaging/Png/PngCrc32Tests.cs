using FaceAlign.Imaging.Png;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>The slice-by-8 CRC against published check values and the bit-at-a-time definition in <see cref="PngBuilder"/>.</summary>
public class PngCrc32Tests
{
    [Fact]
    public void Matches_the_published_check_values()
    {
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("123456789"u8)); // the CRC-32 catalogue's check value
        Assert.Equal(0xAE426082u, PngCrc32.Compute("IEND"u8));      // every PNG's last four bytes
        Assert.Equal(0u, PngCrc32.Compute([]));
    }

    [Fact]
    public void Slice_by_8_equals_the_bitwise_definition_for_every_length_and_split()
    {
        var rng = new Random(5);
        var data = new byte[300];
        rng.NextBytes(data);
        for (int n = 0; n <= data.Length; n++)
            Assert.Equal(PngBuilder.BitwiseCrc(data.AsSpan(0, n)), PngCrc32.Compute(data.AsSpan(0, n)));
        for (int split = 0; split <= 40; split++)
        {
            uint running = PngCrc32.Update(PngCrc32.Update(0xFFFFFFFF, data.AsSpan(0, split)), data.AsSpan(split, 40 - split));
            Assert.Equal(PngBuilder.BitwiseCrc(data.AsSpan(0, 40)), ~running);
        }
    }
}
