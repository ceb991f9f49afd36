using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>Truncations and random mutations must end in an image or InvalidImage/NotSupported — never a crash or hang.</summary>
public class JpegCorruptInputTests
{
    private static object DecodeAndIdentify(byte[] bytes)
    {
        try
        {
            Image.Identify(bytes);
        }
        catch (InvalidImageException)
        {
        }
        return Image.Decode(bytes);
    }

    [Theory]
    [InlineData("b420")]
    [InlineData("p420")]
    [InlineData("restart-progressive")]
    public void Every_prefix(string name) =>
        CorruptInput.EveryPrefix(JpegReferenceTests.Read(name + ".jpg"), DecodeAndIdentify);

    [Theory]
    [InlineData("b420", 1)]
    [InlineData("p420", 2)]
    [InlineData("restart420", 3)]
    [InlineData("restart-progressive", 4)]
    [InlineData("p411", 5)]
    [InlineData("ycck", 6)]
    public void Random_mutations(string name, int seed) =>
        CorruptInput.RandomMutations(JpegReferenceTests.Read(name + ".jpg"), 4000, seed, DecodeAndIdentify);
}
