// Seeds for detector samples: SplitMix64 (Steele et al. 2014) mixing, so (run seed, epoch, index) → a well-spread
// 64-bit seed. A sample is a pure function of its seed, which makes batches identical on resume and on any thread.
namespace FaceAlign.Training.DetectorTraining;

public static class SampleSeeds
{
    public static long Mix(long a, long b)
    {
        ulong z = unchecked((ulong)a * 0x9E3779B97F4A7C15UL + (ulong)b + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return unchecked((long)(z ^ (z >> 31)));
    }

    /// <summary>The seed of training sample <paramref name="index"/> of <paramref name="epoch"/> in a run seeded <paramref name="seed"/>.</summary>
    public static long Training(int seed, int epoch, int index) => Mix(Mix(seed, epoch), index);
}
