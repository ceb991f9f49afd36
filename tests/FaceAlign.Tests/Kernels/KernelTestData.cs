namespace FaceAlign.Tests.Kernels;

/// <summary>Inputs the kernel tests share: seeded uniform values, and buffers with a sentinel tail.</summary>
internal static class KernelTestData
{
    /// <summary><paramref name="length"/> values uniform in [−1, 1) from <paramref name="random"/>.</summary>
    public static float[] RandomArray(Random random, int length)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++)
            x[i] = random.NextSingle() * 2 - 1;
        return x;
    }

    /// <summary><paramref name="values"/> followed by <paramref name="count"/> copies of <paramref name="fill"/> (a sentinel a kernel must not touch).</summary>
    public static float[] WithTail(float[] values, int count, float fill) => [.. values, .. Enumerable.Repeat(fill, count)];
}
