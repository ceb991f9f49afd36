using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Pipeline;
using FaceAlign.Tests.Training.DetectorTraining;

namespace FaceAlign.Tests.Detection;

/// <summary>The whole detector with weights trained on synthetic faces: faces found where drawn, at any size and scale.</summary>
[Collection(TrainedSyntheticDetectorCollection.Name)]
public sealed class FaceDetectorTests(TrainedSyntheticDetector trained)
{
    private static readonly FaceAlign.Training.DetectorTraining.SyntheticFaceSource Larger = new(minSide: 150, maxSide: 250, minFace: 20, maxFaceFraction: 0.5f);

    // The fixture detector is trained for 6 short epochs, so where it puts a tiny face's landmarks depends on float
    // rounding: a change of summation order in a kernel retrains it to different weights. Measured over 14 fixture
    // trainings (seeds 1–7, three summation orders of the conv, depthwise and BatchNorm backward): 19–25 of the 30 faces
    // found; per found face the largest landmark error, as a fraction of the face width, has median 0.071–0.116 and
    // maximum 0.14–0.31 (24-px faces, as in samples 9005 and 9016: 7.5 px, under one stride-8 cell). A padding bug fails the bounds below by
    // far: mapping points back as if the padded frame were the image (scale error) or as if the image were centred in
    // it (shift) gave 5–13 faces found and medians 0.23–0.28 in the same measurement.
    private const float FoundFraction = 0.6f, MedianLandmarkError = 0.15f, LargestLandmarkError = 0.4f;

    [Fact]
    public void Finds_drawn_faces_in_images_of_sizes_that_are_not_multiples_of_32()
    {
        var detector = trained.Detector();
        int faces = 0, found = 0, odd = 0;
        var errors = new List<(float Error, string Where)>();
        for (int seed = 0; seed < 20; seed++)
        {
            var sample = Larger.Sample(9_000 + seed);
            if (sample.Image.Width % 32 != 0 && sample.Image.Height % 32 != 0) odd++;
            var detections = detector.Detect(sample.Image);
            Assert.Equal(detections.OrderByDescending(d => d.Score).ToList(), detections);
            foreach (var face in sample.Faces)
            {
                faces++;
                var best = detections.MaxBy(d => d.Box.IoU(face.Box));
                if (best is null || best.Box.IoU(face.Box) < 0.5f) continue;
                found++;
                if (face.Landmarks5 is null) continue;
                float largest = 0;
                for (int k = 0; k < 5; k++)
                    largest = Math.Max(largest, System.Numerics.Vector2.Distance(face.Landmarks5[k], best.Landmarks5[k]) / face.Box.Width);
                errors.Add((largest, $"seed {9_000 + seed}, face {face.Box}"));
            }
        }
        Assert.True(odd >= 15, $"only {odd} images needed padding");
        Assert.True(faces >= 15 && found >= FoundFraction * faces, $"found {found} of {faces} faces");
        Assert.True(errors.Count >= 10, $"only {errors.Count} found faces have drawn landmarks");
        var sorted = errors.OrderBy(e => e.Error).ToList();
        float median = sorted[sorted.Count / 2].Error;
        Assert.True(median <= MedianLandmarkError, $"median largest landmark error {median:F3} of the face width");
        Assert.True(sorted[^1].Error <= LargestLandmarkError, $"{sorted[^1].Where}: a landmark {sorted[^1].Error:F3} of the face width from the drawn one");
    }

    [Fact]
    public void Shrinking_for_speed_maps_faces_back_to_the_original_pixels()
    {
        var full = trained.Detector();
        var shrunk = trained.Detector(FaceDetectorOptions.Default with { MaxLongSide = 128 });
        int compared = 0;
        for (int seed = 0; seed < 6; seed++)
        {
            var image = Larger.Sample(9_100 + seed).Image;
            // What the detector does inside: the long side to 128, aspect kept, rounded.
            double scale = 128.0 / Math.Max(image.Width, image.Height);
            int w = (int)Math.Round(image.Width * scale), h = (int)Math.Round(image.Height * scale);
            var expected = full.Detect(Resize.Bilinear(image, w, h));
            var actual = shrunk.Detect(image);
            Assert.Equal(expected.Count, actual.Count);
            float sx = image.Width / (float)w, sy = image.Height / (float)h;
            for (int k = 0; k < actual.Count; k++)
            {
                var e = expected[k].Box;
                Assert.Equal(e.X * sx, actual[k].Box.X, 0.01f);
                Assert.Equal(e.Width * sx, actual[k].Box.Width, 0.01f);
                Assert.Equal(e.Y * sy, actual[k].Box.Y, 0.01f);
                Assert.Equal(e.Height * sy, actual[k].Box.Height, 0.01f);
                Assert.Equal(expected[k].Landmarks5[4].X * sx, actual[k].Landmarks5[4].X, 0.01f);
                compared++;
            }
        }
        Assert.True(compared >= 5, $"only {compared} faces to compare");
    }

    [Fact]
    public void Concurrent_calls_give_the_same_faces_as_sequential_ones()
    {
        var detector = trained.Detector(FaceDetectorOptions.Default with { ScoreThreshold = 0.3f });
        var images = Enumerable.Range(0, 8).Select(i => Larger.Sample(9_200 + i).Image).ToArray();
        var sequential = images.Select(detector.Detect).ToArray();
        var parallel = new IReadOnlyList<DetectedFace>[images.Length];
        Parallel.For(0, images.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = detector.Detect(images[i]));
        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(sequential[i].Count, parallel[i].Count);
            for (int k = 0; k < sequential[i].Count; k++)
            {
                Assert.Equal(sequential[i][k].Box, parallel[i][k].Box);
                Assert.Equal(sequential[i][k].Landmarks5, parallel[i][k].Landmarks5);
            }
        }
    }

    [Fact]
    public void Grey_and_RGBA_images_are_accepted_and_a_tiny_image_has_no_faces_or_errors()
    {
        var detector = trained.Detector();
        var sample = Larger.Sample(9_300);
        var grey = new Image(sample.Image.Width, sample.Image.Height, PixelFormat.Gray8);
        Assert.NotNull(detector.Detect(grey));
        Assert.NotNull(detector.Detect(new Image(5, 3, PixelFormat.Rgba8)));
    }

    [Fact]
    public void A_large_image_gets_the_large_face_pass_and_its_faces_do_not_overlap_after_NMS()
    {
        var detector = trained.Detector(FaceDetectorOptions.Default with { ScoreThreshold = 0.05f, LargeFacePassSize = 256 });
        var sample = Larger.Sample(9_400);
        var big = Resize.Bilinear(sample.Image, sample.Image.Width * 2, sample.Image.Height * 2);  // > 1.25 × 256: two passes
        var faces = detector.Detect(big);
        Assert.NotEmpty(faces);
        for (int i = 0; i < faces.Count; i++)
            for (int j = i + 1; j < faces.Count; j++)
                Assert.True(faces[i].Box.IoU(faces[j].Box) <= 0.4f, $"faces {i} and {j} overlap by {faces[i].Box.IoU(faces[j].Box)}");
    }

    [Fact]
    public void The_pipeline_seam_loads_RetinaFace_weights()
    {
        using var stream = File.OpenRead(trained.Weights);
        var detector = Assert.IsType<FaceDetector>(DefaultModels.LoadDetector(stream));
        Assert.Equal(0.02f, detector.Options.ScoreThreshold);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => trained.Detector(FaceDetectorOptions.Default with { NmsIoU = 1.5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => trained.Detector(FaceDetectorOptions.Default with { MaxLongSide = 8 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => trained.Detector(FaceDetectorOptions.Default with { ScoreThreshold = float.NaN }));
    }
}
