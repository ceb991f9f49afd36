using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Landmarks;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Tests.Training.DetectionData;

public sealed class MosaicComposerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("facealign-mosaic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private MosaicComposer Composer(MosaicOptions? options = null)
    {
        var (photos, backgrounds) = MosaicTestData.Write(folder);
        return new MosaicComposer(photos, backgrounds, options);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sample_on_any_instance_and_thread()
    {
        var first = Composer(new MosaicOptions { Size = 160 });
        var second = Composer(new MosaicOptions { Size = 160 });
        var serial = Enumerable.Range(0, 24).Select(s => first.Sample(s)).ToArray();
        var parallel = new DetectionSample[24];
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 4 }, s => parallel[s] = second.Sample(s));
        for (int s = 0; s < 24; s++)
        {
            Assert.Equal(serial[s].Image.Pixels, parallel[s].Image.Pixels);
            Assert.Equal(serial[s].Faces.Select(f => f.Box), parallel[s].Faces.Select(f => f.Box));
            Assert.Equal(serial[s].Faces.SelectMany(f => f.Landmarks5!), parallel[s].Faces.SelectMany(f => f.Landmarks5!));
        }
        Assert.Equal(serial[3].Image.Pixels, first.Sample(3).Image.Pixels); // again, with a warm cache
        Assert.NotEqual(serial[0].Image.Pixels, serial[1].Image.Pixels);
        Assert.NotEqual(MosaicComposer.SeedOf(0), MosaicComposer.SeedOf(1));
    }

    /// <summary>
    /// The reported five points sit on the pixels painted from those points: the colour at each point decodes (R = x,
    /// G = y) to where that point is in the source photo — the image-left eye of the source when the tile is not
    /// mirrored, its image-right eye when it is (renumbered, so point 0 is always the eye on the image's left).
    /// </summary>
    [Fact]
    public void Five_points_land_on_the_source_pixels_they_name_and_stay_left_to_right_under_flips()
    {
        var (photos, backgrounds) = MosaicTestData.Write(folder);
        var composer = new MosaicComposer(photos, backgrounds, MosaicOptions.GeometryOnly with { Size = 320 });
        var sourceFive = photos.Select(p => LandmarkConversion.Ibug68ToFive(p.Faces[0])).ToArray();
        var sourceWidths = photos.Select(p => FaceAlign.Detection.DetectorBoxConvention.FromLandmarks68(p.Faces[0]).Width).ToArray();
        int checkedFaces = 0, mirrored = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var sample = composer.Sample(seed);
            foreach (var face in sample.Faces)
            {
                var five = face.Landmarks5!;
                Assert.True(five[0].X < five[1].X && five[3].X < five[4].X, $"seed {seed}: eyes or mouth corners out of left-to-right order");
                if (face.Box.Width < 40 || five.Any(p => !new Box(0, 0, 320, 320).Contains(p)))
                    continue; // small faces: one pixel spans several source pixels; points off the canvas cannot be read
                var colour = five.Select(p => Pixel(sample, p)).ToArray();
                Assert.All(colour, c => Assert.Equal(MosaicTestData.PhotoBlue, c.B));
                // Which photo, and mirrored or not: the decoded nose tip and eye positions tell.
                var decoded = colour.Select(c => new Vector2(c.R + 0.5f, c.G + 0.5f)).ToArray();
                var match = Enumerable.Range(0, photos.Length).SelectMany(k => new[] { (k, false), (k, true) })
                    .Select(m => (m.k, m.Item2, Error: Enumerable.Range(0, 5).Max(i => Vector2.Distance(decoded[i], sourceFive[m.k][m.Item2 ? Mirror(i) : i]))))
                    .MinBy(m => m.Error);
                float sourcePixelsPerPixel = sourceWidths[match.k] / face.Box.Width * 1.3f; // rotation widens boxes by up to ~30 %
                Assert.True(match.Error < 1.5f + 1.5f * sourcePixelsPerPixel, $"seed {seed}: points are {match.Error:F1} source pixels from where they should be");
                checkedFaces++;
                if (match.Item2) mirrored++;
            }
        }
        Assert.True(checkedFaces > 20, $"only {checkedFaces} faces were large enough to check");
        Assert.InRange(mirrored, checkedFaces / 5, checkedFaces * 4 / 5);
    }

    private static int Mirror(int i) => i switch { 0 => 1, 1 => 0, 3 => 4, 4 => 3, _ => i };

    private static (byte R, byte G, byte B) Pixel(DetectionSample sample, Vector2 p)
    {
        int i = ((int)p.Y * sample.Image.Width + (int)p.X) * 3;
        return (sample.Image.Pixels[i], sample.Image.Pixels[i + 1], sample.Image.Pixels[i + 2]);
    }

    [Fact]
    public void Boxes_are_on_the_canvas_disjoint_hold_their_points_and_span_the_face_sizes()
    {
        var composer = Composer(new MosaicOptions { Size = 640 });
        var widths = new List<float>();
        for (int seed = 0; seed < 60; seed++)
        {
            var sample = composer.Sample(seed);
            Assert.Equal((640, 640), (sample.Image.Width, sample.Image.Height));
            var boxes = sample.Faces.Select(f => f.Box).ToList();
            foreach (var face in sample.Faces)
            {
                var box = face.Box;
                Assert.True(box.X >= 0 && box.Y >= 0 && box.Right <= 640 && box.Bottom <= 640 && !box.IsEmpty, $"seed {seed}: box {box}");
                widths.Add(box.Width);
                // Whole faces hold their five points; scattered faces cut by the canvas edge may not.
                bool cut = box.X <= 0 || box.Y <= 0 || box.Right >= 640 || box.Bottom >= 640;
                if (!cut)
                    Assert.All(face.Landmarks5!, p => Assert.True(box.Inflate(0.01f).Contains(p), $"seed {seed}: point {p} outside {box}"));
            }
            for (int a = 0; a < boxes.Count; a++)
                for (int b = a + 1; b < boxes.Count; b++)
                    Assert.True(boxes[a].Intersect(boxes[b]).IsEmpty, $"seed {seed}: faces {a} and {b} overlap");
        }
        Assert.InRange(widths.Min(), 10f, 16f);
        Assert.True(widths.Max() > 250, $"largest face {widths.Max()} px");
        Assert.True(widths.Max() <= 400 * 1.35f, $"largest face {widths.Max()} px");
    }

    [Fact]
    public void Sparse_samples_hold_one_to_three_faces_over_a_photo_and_the_other_layouts_more()
    {
        var sparse = Composer(new MosaicOptions { Size = 320, SparseProbability = 1 });
        var counts = Enumerable.Range(0, 40).Select(s => sparse.Sample(s).Faces.Count).ToList();
        Assert.All(counts, c => Assert.InRange(c, 1, 3));
        Assert.Contains(3, counts);
        var dense = Composer(new MosaicOptions { Size = 320, SparseProbability = 0 });
        Assert.Contains(Enumerable.Range(0, 40), s => dense.Sample(s).Faces.Count > 3);
        Assert.Throws<ArgumentException>(() => Composer(new MosaicOptions { SparseProbability = 1.5f }));
    }

    [Fact]
    public void Smaller_mosaics_cap_faces_at_three_quarters_of_their_side()
    {
        var composer = Composer(new MosaicOptions { Size = 320 });
        float largest = Enumerable.Range(0, 60).SelectMany(s => composer.Sample(s).Faces).Max(f => f.Box.Width);
        Assert.InRange(largest, 120f, 240 * 1.35f);
        Assert.Equal(240, new MosaicOptions { Size = 320 }.EffectiveMaxFaceSize);
    }

    [Fact]
    public void Inputs_and_options_are_checked()
    {
        var (photos, backgrounds) = MosaicTestData.Write(folder);
        Assert.Throws<ArgumentException>(() => new MosaicComposer([], backgrounds));
        Assert.Throws<ArgumentException>(() => new MosaicComposer(photos, []));
        var noFace = Assert.Throws<ArgumentException>(() => new MosaicComposer([new FacePhoto("x.png", [])], backgrounds));
        Assert.StartsWith("x.png: a face photo needs at least one labelled face", noFace.Message);
        Assert.Throws<ArgumentException>(() => new MosaicComposer([new FacePhoto("x.png", [new Vector2[5]])], backgrounds));
        Assert.Throws<ArgumentException>(() => new MosaicComposer(photos, backgrounds, new MosaicOptions { Size = 32 }));
        Assert.Throws<ArgumentException>(() => new MosaicComposer(photos, backgrounds, new MosaicOptions { MinFaceSize = 300, Size = 320 }));
        Assert.Throws<ArgumentException>(() => new MosaicComposer(photos, backgrounds, new MosaicOptions { FlipProbability = 1.5f }));
    }

    [Fact]
    public void An_unreadable_photo_is_reported_with_its_path()
    {
        var (photos, backgrounds) = MosaicTestData.Write(folder);
        File.WriteAllBytes(photos[0].ImagePath, [1, 2, 3]);
        File.WriteAllBytes(photos[1].ImagePath, [1, 2, 3]);
        var composer = new MosaicComposer(photos, backgrounds);
        var error = Assert.Throws<InvalidDataException>(() => Enumerable.Range(0, 10).Select(s => composer.Sample(s)).ToList());
        Assert.StartsWith(Path.Combine(folder, ""), error.Message);
    }

    [Fact]
    public void Shared_data_layout_is_read_without_faceless_teacher_images_and_non_images()
    {
        string root = MosaicTestData.WriteSharedData(Path.Combine(folder, "data"));
        var composer = MosaicComposer.FromSharedData(root, new MosaicOptions { Size = 128 });
        Assert.Equal(2, composer.PhotoCount); // ytf68 A_01 and kaggle k1; k2 has no face
        Assert.Equal(1, composer.BackgroundCount);
        Assert.DoesNotContain(composer.Photos, p => p.ImagePath.EndsWith("k2.png", StringComparison.Ordinal));
        Assert.NotNull(composer.Sample(5).Image);
    }

    [SkippableFact]
    public void Real_shared_data_composes_valid_samples()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingReason);
        var composer = MosaicComposer.FromSharedData(SharedData.Root!, new MosaicOptions { Size = 320, CacheBytes = 64L << 20 });
        // ytf68 train.csv: 2,862 faces, one per frame; teacher: 8,322 images, 656 without a face.
        Assert.Equal(2862 + 8322 - 656, composer.PhotoCount);
        Assert.Equal(15, composer.BackgroundCount);
        Assert.DoesNotContain(composer.Photos, p => p.ImagePath.Contains("val", StringComparison.Ordinal) && p.ImagePath.Contains("ytf68", StringComparison.Ordinal));
        int faces = 0;
        for (int seed = 0; seed < 12; seed++)
        {
            var sample = composer.Sample(seed);
            foreach (var face in sample.Faces)
                Assert.True(face.Box.X >= 0 && face.Box.Right <= 320 && face.Box.Width >= 6, $"seed {seed}: {face.Box}");
            faces += sample.Faces.Count;
        }
        Assert.True(faces > 12);
        Assert.True(composer.CachedBytes <= 64L << 20);
    }
}
