using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

/// <summary>
/// Feeds a decoder every truncation of a valid file and seeded random mutations of it. Each attempt must end in a
/// decoded image or an <see cref="InvalidImageException"/> (or <see cref="NotSupportedException"/>) with a message;
/// any other exception type is a bug and fails the test with the input that caused it.
/// </summary>
public static class CorruptInput
{
    /// <summary>Decodes data[..n] for every n in 0..length-1.</summary>
    public static void EveryPrefix(byte[] valid, Func<byte[], object> decode)
    {
        for (int n = 0; n < valid.Length; n++)
            Attempt(valid[..n], decode, $"prefix of {n} bytes");
    }

    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="valid"/>, each with 1–8 random bytes replaced, bit-flipped
    /// or cut. Deterministic for a given seed so a failure can be reproduced.
    /// </summary>
    public static void RandomMutations(byte[] valid, int count, int seed, Func<byte[], object> decode)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var bytes = (byte[])valid.Clone();
            int edits = rng.Next(1, 9);
            for (int e = 0; e < edits; e++)
            {
                int at = rng.Next(bytes.Length);
                switch (rng.Next(3))
                {
                    case 0: bytes[at] = (byte)rng.Next(256); break;
                    case 1: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                    default: bytes[at] = rng.Next(2) == 0 ? (byte)0 : (byte)0xFF; break;
                }
            }
            if (rng.Next(8) == 0)
                bytes = bytes[..rng.Next(bytes.Length)];
            Attempt(bytes, decode, $"mutation {i} (seed {seed})");
        }
    }

    private static void Attempt(byte[] bytes, Func<byte[], object> decode, string what)
    {
        try
        {
            decode(bytes);
        }
        catch (InvalidImageException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: InvalidImageException without a message");
        }
        catch (NotSupportedException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: NotSupportedException without a message");
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped the decoder: {e.Message}\n{e.StackTrace}");
        }
    }
}
