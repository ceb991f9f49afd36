using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Tests.Training.DetectionData;

/// <summary>
/// Mined hard negatives painted into mosaics. The negative's source is a photo whose box is one flat colour that no other
/// source has (B = 77; face photos have B = 200, backgrounds B = 0) inside a context of another (B = 99), so every
/// painted box pixel can be found in the mosaic.
/// </summary>
public sealed class HardNegativeMosaicTests : IDisposable
{
    private static readonly byte[] BoxColour = [0, 0, 77];
    private static readonly Box NegativeBox = new(40, 40, 20, 20);

    private readonly string folder = Directory.CreateTempSubdirectory("facealign-hardneg-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private MosaicComposer Composer(MosaicOptions options)
    {
        var (photos, backgrounds) = MosaicTestData.Write(folder);
        return new MosaicComposer(photos, backgrounds, options);
    }

    private string NegativePhoto()
    {
        var image = new Image(100, 100, PixelFormat.Rgb8);
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 100; x++)
                image.Pixels[(y * 100 + x) * 3 + 2] = NegativeBox.Contains(new Vector2(x + 0.5f, y + 0.5f)) ? BoxColour[2] : (byte)99;
        }
        string path = Path.Combine(folder, "negative.png");
        File.WriteAllBytes(path, PngEncoder.Encode(image));
        return path;
    }

    private static bool IsBoxColour(byte[] px, int i) => px[i] == BoxColour[0] && px[i + 1] == BoxColour[1] && px[i + 2] == BoxColour[2];

    [Fact]
    public void Without_mined_negatives_or_with_a_zero_share_samples_are_unchanged()
    {
        var plain = Composer(new MosaicOptions { Size = 160 });
        var waiting = Composer(new MosaicOptions { Size = 160, HardNegativeProbability = 1 });  // nothing mined yet
        var off = Composer(new MosaicOptions { Size = 160 });
        off.UseHardNegatives([new HardNegative(NegativePhoto(), NegativeBox, 0.9f, 1)]);
        Assert.True(waiting.UsesHardNegatives);
        Assert.False(off.UsesHardNegatives);
        for (int seed = 0; seed < 12; seed++)
        {
            var expected = plain.Sample(seed);
            Assert.Equal(expected.Image.Pixels, waiting.Sample(seed).Image.Pixels);
            Assert.Equal(expected.Image.Pixels, off.Sample(seed).Image.Pixels);
        }
    }

    /// <summary>
    /// The negative fired 40 px wide (a 20 px box in a photo shown doubled), so its box must come back 0.7–1.4 × 40 px
    /// wide; samples where exactly one painted box is seen are measured. It never lands on a face.
    /// </summary>
    [Fact]
    public void Negatives_are_painted_at_their_firing_size_and_never_over_a_face()
    {
        var composer = Composer(MosaicOptions.GeometryOnly with { Size = 320, SparseProbability = 1, HardNegativeProbability = 1, MaxRotationDegrees = 0 });
        composer.UseHardNegatives([new HardNegative(NegativePhoto(), NegativeBox, 0.9f, Scale: 2)]);
        int withNegative = 0;
        var widths = new List<int>();
        for (int seed = 0; seed < 60; seed++)
        {
            var sample = composer.Sample(seed);
            var px = sample.Image.Pixels;
            int size = sample.Image.Width;
            var mask = new bool[size * size];
            for (int p = 0; p < mask.Length; p++)
                mask[p] = IsBoxColour(px, 3 * p);
            if (mask.Any(m => m)) withNegative++;
            foreach (var face in sample.Faces)
            {
                for (int p = 0; p < mask.Length; p++)
                {
                    if (mask[p])
                        Assert.False(face.Box.Contains(new Vector2(p % size + 0.5f, p / size + 0.5f)), $"seed {seed}: a negative's pixel at ({p % size}, {p / size}) inside face {face.Box}");
                }
            }
            var blobs = Components(mask, size).Where(b => b.Count >= 50).ToList();
            if (blobs.Count == 1)
                widths.Add(blobs[0].Width);
        }
        Assert.True(withNegative >= 48, $"only {withNegative} of 60 samples show a negative");
        Assert.True(widths.Count >= 10, $"only {widths.Count} samples with one whole negative");
        widths.Sort();
        string seen = string.Join(", ", widths);
        Assert.True(widths[^1] <= 1.4 * 40 + 2, seen);
        Assert.InRange(widths[widths.Count / 2], 30, 52);
    }

    [Fact]
    public void The_surest_mistakes_are_drawn_most_often_in_proportion_to_score_to_the_fourth()
    {
        var sure = new HardNegative("a.png", NegativeBox, 1f, 1);
        var unsure = new HardNegative("b.png", NegativeBox, 0.5f, 1);
        var mined = new MinedNegatives([unsure, sure, unsure]);
        const int draws = 100_000;
        int sureCount = Enumerable.Range(0, draws).Count(k => ReferenceEquals(mined.Pick((k + 0.5) / draws), sure));
        Assert.Equal(1 / (1 + 2 * 0.0625), sureCount / (double)draws, 3);
        var flat = new MinedNegatives([unsure with { Score = 0 }, sure with { Score = 0 }]);
        Assert.Same(flat.Items[0], flat.Pick(0.2));
        Assert.Same(flat.Items[1], flat.Pick(0.7));
    }

    [Fact]
    public void Malformed_negatives_are_refused_with_their_photo()
    {
        var composer = Composer(new MosaicOptions { Size = 160, HardNegativeProbability = 1 });
        var e = Assert.Throws<ArgumentException>(() => composer.UseHardNegatives([new HardNegative("x.png", new Box(1, 1, 0, 5), 0.9f, 1)]));
        Assert.Contains("x.png", e.Message);
        Assert.Throws<ArgumentException>(() => composer.UseHardNegatives([new HardNegative("x.png", NegativeBox, 0.9f, 0)]));
        Assert.Throws<ArgumentException>(() => composer.UseHardNegatives([new HardNegative("x.png", NegativeBox, float.NaN, 1)]));
        Assert.Throws<ArgumentException>(() => new MosaicComposer(MosaicTestData.Write(folder).Photos, ["bg.png"], new MosaicOptions { HardNegativeProbability = 1.5f }));
    }

    /// <summary>4-connected components of the mask: pixel count and bounding-box width.</summary>
    private static IEnumerable<(int Count, int Width)> Components(bool[] mask, int size)
    {
        var seen = new bool[mask.Length];
        var stack = new Stack<int>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || seen[start]) continue;
            int count = 0, minX = int.MaxValue, maxX = int.MinValue;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                count++;
                int x = p % size, y = p / size;
                minX = Math.Min(minX, x);
                maxX = Math.Max(maxX, x);
                foreach (int q in new[] { x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1, y > 0 ? p - size : -1, y < size - 1 ? p + size : -1 })
                {
                    if (q >= 0 && mask[q] && !seen[q])
                    {
                        seen[q] = true;
                        stack.Push(q);
                    }
                }
            }
            yield return (count, maxX - minX + 1);
        }
    }
}
