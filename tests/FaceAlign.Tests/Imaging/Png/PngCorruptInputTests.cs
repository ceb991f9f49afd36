using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>Truncations and random mutations must end in a decoded image or an InvalidImageException, never a crash.</summary>
public class PngCorruptInputTests
{
    private static readonly DecoderOptions Options = new() { MaxPixels = 1 << 20 };

    private static byte[] File(string name) => System.IO.File.ReadAllBytes(SharedData.TestFile("png/" + name));

    private static object Decode(byte[] bytes) => PngDecoder.Decode(bytes, Options);

    [Theory]
    [InlineData("rgb8-17x13-adam7.png")]
    [InlineData("ptrns-32x24.png")]
    public void Every_prefix_is_refused_cleanly(string name)
    {
        CorruptInput.EveryPrefix(File(name), Decode);
        CorruptInput.EveryPrefix(File(name), b => PngDecoder.Identify(b));
    }

    [Fact]
    public void Random_mutations_are_refused_cleanly()
    {
        CorruptInput.RandomMutations(File("p2-17x13-adam7.png"), 10_000, seed: 1, Decode);
        CorruptInput.RandomMutations(File("rgba16-17x13.png"), 10_000, seed: 2, Decode);
        CorruptInput.RandomMutations(File("gkey8-17x13-adam7.png"), 2_000, seed: 3, b => PngDecoder.Identify(b));
    }

    // With the CRCs recomputed after mutating, the damage reaches IHDR validation, inflate, unfiltering and conversion.
    [Theory]
    [InlineData("rgb8-17x13-adam7.png", 4)]
    [InlineData("p4-17x13.png", 5)]
    [InlineData("g16-17x13-adam7.png", 6)]
    [InlineData("ptrns-17x13-adam7.png", 7)]
    [InlineData("g1-17x13.png", 8)]
    public void Mutations_behind_valid_CRCs_are_refused_cleanly(string name, int seed) =>
        CorruptInput.RandomMutations(File(name), 2_000, seed, b => Decode(PngBuilder.FixCrcs(b)));
}
