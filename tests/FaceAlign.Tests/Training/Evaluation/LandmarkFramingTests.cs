using System.Collections.Concurrent;
using System.Numerics;
using FaceAlign.Imaging;
using FaceAlign.Kernels;
using FaceAlign.Training.Data;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

/// <summary>PredictAll: each image decoded and framed once for all its faces, answers back in the samples' order.</summary>
public sealed class LandmarkFramingTests
{
    /// <summary>Answers each face with its own truth shifted by its image's index; counts the calls per image.</summary>
    private sealed class CountingFraming : LandmarkFraming
    {
        public ConcurrentDictionary<int, int> Calls { get; } = new();

        /// <summary>Threads the kernels could have started inside each call.</summary>
        public ConcurrentBag<int> KernelThreads { get; } = [];

        public override string Boxes => "test";

        public override Vector2[]?[] Predict(Image image, IReadOnlyList<Vector2[]> truths)
        {
            int id = image.Width;  // the loader below encodes the image's index in its width
            Calls.AddOrUpdate(id, 1, (_, n) => n + 1);
            KernelThreads.Add(ComputeThreads.Available);
            return [.. truths.Select(t => t[0].X < 0 ? null : t.Select(p => p + new Vector2(id, 0)).ToArray())];
        }
    }

    private static LandmarkSample Face(string image, float x) => new(image, [new Vector2(x, 1), new Vector2(x + 1, 2)]);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Faces_of_one_image_are_framed_together_and_come_back_in_order(int threads)
    {
        // Image "b" holds three annotated faces (one the framing misses), interleaved with faces of "a" and "c".
        LandmarkSample[] samples = [Face("b", 10), Face("a", 20), Face("b", -1), Face("c", 30), Face("b", 40), Face("a", 50)];
        var loads = new ConcurrentDictionary<string, int>();
        Image Load(string path)
        {
            loads.AddOrUpdate(path, 1, (_, n) => n + 1);
            return new Image(path[0] - 'a' + 1, 1, PixelFormat.Rgb8);
        }
        var framing = new CountingFraming();
        int before = ComputeThreads.Count;

        var predicted = framing.PredictAll(samples, threads, Load);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 1 }, loads.OrderBy(p => p.Key).ToDictionary());
        Assert.All(framing.Calls.Values, n => Assert.Equal(1, n));
        Assert.Equal(3, framing.Calls.Count);
        Assert.Null(predicted[2]);
        float[] expectedX = [10 + 2, 20 + 1, float.NaN, 30 + 3, 40 + 2, 50 + 1];
        for (int i = 0; i < samples.Length; i++)
        {
            if (i == 2) continue;
            Assert.Equal(expectedX[i], predicted[i]![0].X);
        }
        Assert.Equal(before, ComputeThreads.Count);
        Assert.All(framing.KernelThreads, n => Assert.Equal(1, n));
    }

    [Fact]
    public void A_load_failure_reaches_the_caller()
    {
        var framing = new CountingFraming();
        var e = Assert.Throws<AggregateException>(() => framing.PredictAll([Face("x", 1)], 1, path => throw new InvalidDataException($"{path}: broken")));
        Assert.Contains("x: broken", e.Flatten().InnerExceptions.Single().Message);
    }
}
