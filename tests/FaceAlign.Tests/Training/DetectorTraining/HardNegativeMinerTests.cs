using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Models;
using FaceAlign.Tests.Training.DetectionData;
using FaceAlign.Training.DetectionData;
using FaceAlign.Training.DetectorTraining;

namespace FaceAlign.Tests.Training.DetectorTraining;

public sealed class HardNegativeMinerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("facealign-miner-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Reports fixed boxes in whatever image it is shown, and remembers the sizes it was shown.</summary>
    private sealed class FixedDetector(params DetectedFace[] faces) : IFaceDetector
    {
        public List<(int Width, int Height)> Shown { get; } = [];

        public IReadOnlyList<DetectedFace> Detect(Image image)
        {
            Shown.Add((image.Width, image.Height));
            return faces;
        }
    }

    private static DetectedFace Face(float x, float y, float w, float score) => new(new Box(x, y, w, w), score, new Vector2[5]);

    private string Photo(string name, int width, int height)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, PngEncoder.Encode(new Image(width, height, PixelFormat.Rgb8)));
        return path;
    }

    [Fact]
    public void Boxes_come_back_in_the_photo_pixels_with_the_scale_they_fired_at()
    {
        string photo = Photo("p.png", 200, 100);
        var detector = new FixedDetector(Face(10, 20, 16, 0.9f), Face(0, 0, 8, 0.1f));
        var found = HardNegativeMiner.Mine(detector, [photo]);

        Assert.Equal([(100, 50), (200, 100), (400, 200)], detector.Shown);
        Assert.Equal(3, found.Count);  // the 0.1 face is below the threshold at every scale
        var byScale = found.ToDictionary(n => n.Scale);
        Assert.Equal(new Box(20, 40, 32, 32), byScale[0.5f].Box);
        Assert.Equal(new Box(10, 20, 16, 16), byScale[1f].Box);
        Assert.Equal(new Box(5, 10, 8, 8), byScale[2f].Box);
        Assert.All(found, n => Assert.Equal(16, n.FiredWidth, 3));
        Assert.All(found, n => Assert.Equal(photo, n.ImagePath));
    }

    [Fact]
    public void Each_photo_keeps_its_best_few_clipped_and_scales_past_the_size_limit_are_skipped()
    {
        string big = Photo("big.png", 1000, 900), small = Photo("small.png", 60, 40);
        var faces = Enumerable.Range(0, 20).Select(k => Face(5 * k, 0, 12, 0.35f + 0.03f * k)).Append(Face(-20, 30, 40, 0.99f)).ToArray();
        var detector = new FixedDetector(faces);
        var found = HardNegativeMiner.Mine(detector, [big, small]);

        // big: halved and as stored (doubled would be 2000 px, over the limit); small: as stored and doubled (halved is under 32 px).
        Assert.Equal([(500, 450), (1000, 900), (60, 40), (120, 80)], detector.Shown);
        Assert.Equal(2 * HardNegativeMiner.PerPhoto, found.Count);
        Assert.Equal(found.OrderByDescending(n => n.Score).Select(n => n.Score), found.Select(n => n.Score));
        Assert.All(found, n => Assert.True(n.Box.X >= 0 && n.Box.Y >= 0, $"{n.Box} not clipped"));
        Assert.Equal(0.99f, found.Where(n => n.ImagePath == small).Max(n => n.Score));
    }

    [Fact]
    public void An_unreadable_photo_is_named()
    {
        string broken = Path.Combine(folder, "broken.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var detector = new FixedDetector();
        Assert.Contains(broken, Assert.Throws<InvalidDataException>(() => HardNegativeMiner.Mine(detector, [broken])).Message);
        string missing = Path.Combine(folder, "missing.png");
        Assert.StartsWith($"{missing}: no such file", Assert.Throws<InvalidDataException>(() => HardNegativeMiner.Mine(detector, [missing])).Message);
    }

    [Fact]
    public void The_mined_list_survives_the_run_folder_and_a_broken_file_is_named()
    {
        string path = Path.Combine(folder, HardNegativeFile.Name);
        var negatives = new[] { new HardNegative("a.png", new Box(1, 2, 3, 4), 0.75f, 2), new HardNegative("b.png", new Box(5, 6, 7, 8), 0.5f, 0.5f) };
        HardNegativeFile.Save(path, 3, negatives);
        Assert.Equal(negatives, HardNegativeFile.Load(path, 3));
        Assert.Null(HardNegativeFile.Load(path, 4));
        Assert.Null(HardNegativeFile.Load(Path.Combine(folder, "missing.json"), 3));
        File.WriteAllText(path, "{\"epoch\": 3, \"negatives\": [{\"image\": \"a.png\", \"box\": [1, 2]}]}");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => HardNegativeFile.Load(path, 3)).Message);
        File.WriteAllText(path, "not json");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => HardNegativeFile.Load(path, 3)).Message);
    }

    /// <summary>
    /// Mining happens at every epoch's start with the weights of that moment; a run interrupted mid-epoch reads that
    /// epoch's list back, so it composes the same samples and ends with the same weights as an unbroken run.
    /// </summary>
    [Fact]
    public void A_run_with_mining_resumed_mid_epoch_matches_an_unbroken_one()
    {
        MosaicComposer Source()
        {
            var (photos, backgrounds) = MosaicTestData.Write(folder);
            return new MosaicComposer(photos, backgrounds, new MosaicOptions { Size = 64, MinFaceSize = 12, MaxFaceSize = 48, HardNegativeProbability = 1 });
        }
        RetinaFaceTrainingOptions Options(string run) => new()
        {
            OutputDirectory = Path.Combine(folder, run),
            InputSize = 64,
            Epochs = 2,
            ImagesPerEpoch = 16,
            BatchSize = 4,
            ValidationImages = 0,
            Workers = 1,
        };
        var straight = Options("straight");
        new RetinaFaceTrainer(straight, Source()).Run(resume: false);
        var broken = Options("broken");
        using var interrupt = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new RetinaFaceTrainer(broken, Source(), p => { if (p.Epoch == 2 && p.Batch == 2) interrupt.Cancel(); }).Run(resume: false, interrupt.Token));
        new RetinaFaceTrainer(broken, Source()).Run(resume: true);

        string log = File.ReadAllText(Path.Combine(broken.OutputDirectory, "train.log"));
        Assert.Contains("epoch 1: mined", log);
        Assert.Contains("epoch 2: mined", log);
        Assert.Contains("read back", log);
        Assert.NotNull(HardNegativeFile.Load(Path.Combine(straight.OutputDirectory, HardNegativeFile.Name), 1));
        SameWeights.Assert(Path.Combine(straight.OutputDirectory, RetinaFaceTrainer.FinalFile),
            Path.Combine(broken.OutputDirectory, RetinaFaceTrainer.FinalFile));
    }
}
