using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Models;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Detection;

/// <summary>The pyramid width (biubug6's 64, FaceAlign's 32) is a property of the weights file, and warm starts copy what fits.</summary>
public sealed class RetinaFacePyramidWidthTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("facealign-pyramid-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void A_saved_detector_loads_with_its_own_pyramid_width_and_detects_the_same(int width)
    {
        var model = new RetinaFace(new Random(3), width);
        Assert.Equal(width, model.PyramidChannels);
        string path = Path.Combine(folder, $"w{width}.safetensors");
        FaceDetector.Save(model, path);
        var options = FaceDetectorOptions.Default with { ScoreThreshold = 0.3f };
        var original = new FaceDetector(model, options);
        var loaded = FaceDetector.Load(path, options);

        var image = NoiseImage(96, 80, seed: 5);
        var expected = original.Detect(image);
        var actual = loaded.Detect(image);
        Assert.NotEmpty(expected);  // random weights with a low threshold: something to compare
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score);
            Assert.Equal(expected[i].Box, actual[i].Box);
        }
    }

    [Fact]
    public void A_warm_start_copies_the_backbone_of_a_wider_model_and_leaves_the_rest()
    {
        var wide = new RetinaFace(new Random(1), 64);
        string path = Path.Combine(folder, "wide.safetensors");
        FaceDetector.Save(wide, path);
        var slim = new RetinaFace(new Random(2), 32);
        var neckBefore = Tensor(slim, "fpn.output1.0.weight").ToArray();

        var (copied, total) = InitialWeights.CopyMatching(slim, path);

        // The backbone and the heads' biases (2, 4, 10 values per anchor) do not depend on the pyramid width; nothing else fits.
        var fits = slim.StateDict().Where(s => s.Value.Rank > 0 &&
            (s.Name.StartsWith("body.", StringComparison.Ordinal) || (s.Name.Contains("Head.", StringComparison.Ordinal) && s.Name.EndsWith(".bias", StringComparison.Ordinal))))
            .Select(s => s.Name).ToList();
        Assert.Equal(slim.StateDict().Count(s => s.Value.Rank > 0), total);
        Assert.Equal(fits.Count, copied);
        foreach (string name in fits)
            Assert.Equal(Tensor(wide, name).ToArray(), Tensor(slim, name).ToArray());
        Assert.Equal(neckBefore, Tensor(slim, "fpn.output1.0.weight").ToArray());
    }

    [Fact]
    public void A_warm_start_from_a_file_with_nothing_in_common_is_refused()
    {
        string path = Path.Combine(folder, "other.safetensors");
        SafeTensorsFile.Write(path, [("something.else", new[] { 2 }, (ReadOnlyMemory<float>)new float[] { 1, 2 })]);
        var e = Assert.Throws<SafeTensorsFormatException>(() => InitialWeights.CopyMatching(new RetinaFace(pyramidChannels: 32), path));
        Assert.Contains("no tensor matches", e.Message);
    }

    [Fact]
    public void A_warm_start_with_a_non_finite_value_is_refused_and_changes_nothing()
    {
        var wide = new RetinaFace(new Random(1), 64);
        var state = wide.StateDict();
        const string poisoned = "body.stage3.1.3.weight";
        string path = Path.Combine(folder, "nan.safetensors");
        SafeTensorsFile.Write(path, state.Select(s =>
        {
            var values = s.Value.ToArray();
            if (s.Name == poisoned) values[7] = float.NaN;
            return (s.Name, (int[])s.Value.Shape.Clone(), (ReadOnlyMemory<float>)values);
        }));
        var slim = new RetinaFace(new Random(2), 32);
        var before = slim.StateDict().Select(s => s.Value.ToArray()).ToList();

        var e = Assert.Throws<SafeTensorsFormatException>(() => InitialWeights.CopyMatching(slim, path));

        Assert.Contains(path, e.Message);
        Assert.Contains(poisoned, e.Message);
        Assert.Equal(before, slim.StateDict().Select(s => s.Value.ToArray()).ToList());
    }

    [Fact]
    public void Widths_that_SSH_cannot_split_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetinaFace(pyramidChannels: 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetinaFace(pyramidChannels: 0));
    }

    private static FaceAlign.Nn.Tensor Tensor(RetinaFace model, string name) => model.StateDict().Single(s => s.Name == name).Value;

    private static Image NoiseImage(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 3];
        rng.NextBytes(pixels);
        return new Image(width, height, PixelFormat.Rgb8, pixels);
    }
}
