using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Pipeline;
using FaceAlign.Tests.Imaging;
using FaceAlign.Training.PfldTraining;

namespace FaceAlign.Tests.Pipeline;

/// <summary>
/// FaceAnalyzer with a stub detector and a random PFLD: the stages are wired as documented (box mapping, one or two
/// landmark passes, pose with the training camera, filters), and raw pixel buffers give exactly the Image results.
/// </summary>
public sealed class FaceAnalyzerTests
{
    private static readonly Box FaceBox = new(30, 20, 40, 50);

    [Theory]
    [InlineData(PixelLayout.Rgb24, 0)]
    [InlineData(PixelLayout.Bgr24, 5)]
    [InlineData(PixelLayout.Rgba32, 0)]
    [InlineData(PixelLayout.Bgra32, 12)]
    [InlineData(PixelLayout.Gray8, 3)]
    public void Raw_buffers_give_exactly_the_image_results(PixelLayout layout, int padding)
    {
        var format = layout switch
        {
            PixelLayout.Gray8 => PixelFormat.Gray8,
            PixelLayout.Rgb24 or PixelLayout.Bgr24 => PixelFormat.Rgb8,
            _ => PixelFormat.Rgba8,
        };
        var image = RandomImages.Smooth(101, 87, format, seed: 4);
        int ch = image.Channels, stride = image.Width * ch + padding;
        var raw = new byte[stride * image.Height];
        Array.Fill(raw, (byte)0xAB); // padding bytes must be ignored
        bool swap = layout is PixelLayout.Bgr24 or PixelLayout.Bgra32;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                for (int c = 0; c < ch; c++)
                    raw[y * stride + x * ch + (swap && c != 3 ? 2 - c : c)] = RandomImages.At(image, x, y, c);

        using var analyzer = new FaceAnalyzer(StubDetector.Centred(), StubDetector.RandomLandmarker());
        var expected = analyzer.Analyze(image);
        var actual = analyzer.Analyze(raw, image.Width, image.Height, stride, layout);

        Assert.Single(expected);
        AssertSameFaces(expected, actual);
    }

    [Fact]
    public void Changing_pixels_inside_the_crop_changes_the_landmarks()
    {
        // Guards the test above: equal results must come from equal pixels, not from a model that ignores them.
        var image = RandomImages.Smooth(101, 87, PixelFormat.Rgb8, seed: 4);
        using var analyzer = new FaceAnalyzer(StubDetector.Centred(), StubDetector.RandomLandmarker(),
            new FaceAnalyzerOptions { RefineLandmarkBox = false });
        var before = analyzer.Analyze(image)[0].Landmarks!;
        for (int y = 40; y < 46; y++)
            for (int x = 45; x < 55; x++)
                image.Pixels[(y * 101 + x) * 3] ^= 0xFF;
        Assert.NotEqual(before, analyzer.Analyze(image)[0].Landmarks!);
    }

    [Fact]
    public void Single_pass_predicts_on_the_mapped_box()
    {
        var image = RandomImages.Smooth(100, 100, PixelFormat.Rgb8, seed: 2);
        var landmarker = StubDetector.RandomLandmarker();
        var mapping = new DetectorToLandmarkBox(0.05, 0, 0, 0.1, 0.9, 0, 0, 0.8);
        var options = new FaceAnalyzerOptions { RefineLandmarkBox = false, BoxMapping = mapping };
        using var analyzer = new FaceAnalyzer(new StubDetector(StubDetector.Face(FaceBox)), landmarker, options);

        var face = Assert.Single(analyzer.Analyze(image));

        Assert.Equal(mapping.Apply(FaceBox), face.LandmarkBox);
        Assert.Equal(landmarker.Predict(image, mapping.Apply(FaceBox)), face.Landmarks);
    }

    [Fact]
    public void Refinement_predicts_again_on_the_first_answers_box()
    {
        var image = RandomImages.Smooth(100, 100, PixelFormat.Rgb8, seed: 2);
        var landmarker = StubDetector.RandomLandmarker();
        var options = new FaceAnalyzerOptions { BoxMapping = DetectorToLandmarkBox.Identity };
        using var analyzer = new FaceAnalyzer(new StubDetector(StubDetector.Face(FaceBox)), landmarker, options);

        var face = Assert.Single(analyzer.Analyze(image));

        var second = Box.FromPoints(landmarker.Predict(image, FaceBox));
        Assert.Equal(second, face.LandmarkBox);
        Assert.Equal(landmarker.Predict(image, second), face.Landmarks);
    }

    [Fact]
    public void Filters_keep_confident_large_faces_best_first()
    {
        var image = RandomImages.Smooth(200, 120, PixelFormat.Rgb8, seed: 3);
        var detector = new StubDetector(
            StubDetector.Face(new Box(10, 10, 30, 30), 0.6f),
            StubDetector.Face(new Box(60, 10, 12, 40), 0.99f), // too narrow for MinFaceSize 20
            StubDetector.Face(new Box(100, 10, 40, 40), 0.3f), // below the threshold
            StubDetector.Face(new Box(150, 10, 40, 40), 0.8f),
            StubDetector.Face(new Box(150, 60, 40, 40), 0.7f));
        var options = new FaceAnalyzerOptions { DetectionThreshold = 0.5f, MinFaceSize = 20, MaxFaces = 2 };
        using var analyzer = new FaceAnalyzer(detector, StubDetector.RandomLandmarker(), options);

        var faces = analyzer.Analyze(image);

        Assert.Equal([0.8f, 0.7f], faces.Select(f => f.Score));
        Assert.Equal([new Box(150, 10, 40, 40), new Box(150, 60, 40, 40)], faces.Select(f => f.Box));
        Assert.Equal(3, new FaceAnalyzer(detector, StubDetector.RandomLandmarker(), options with { MaxFaces = null }).Analyze(image).Count);
    }

    [Fact]
    public void Quality_reports_size_and_the_share_outside_the_image()
    {
        var image = RandomImages.Smooth(100, 80, PixelFormat.Rgb8, seed: 5);
        var half = new Box(-20, 10, 40, 60); // half of its width is left of the image
        using var analyzer = new FaceAnalyzer(new StubDetector(StubDetector.Face(half), StubDetector.Face(new Box(50, 10, 30, 40))),
            StubDetector.RandomLandmarker());

        var faces = analyzer.Analyze(image);

        Assert.Equal(40, faces[0].Quality.Size);
        Assert.Equal(0.5f, faces[0].Quality.OutsideFraction, 1e-6f);
        Assert.True(faces[0].Quality.Truncated);
        Assert.Equal(30, faces[1].Quality.Size);
        Assert.Equal(0f, faces[1].Quality.OutsideFraction);
    }

    [Fact]
    public void Sharpness_is_higher_for_a_sharp_face_than_for_a_blurred_copy()
    {
        var sharp = RandomImages.Noise(120, 120, PixelFormat.Rgb8, seed: 6);
        var blurred = BoxBlur(sharp, radius: 2);
        var box = new Box(40, 40, 40, 40);
        float s = FaceMeasuresSharpness(sharp, box), b = FaceMeasuresSharpness(blurred, box);
        Assert.True(s > 4 * b, $"sharp {s}, blurred {b}");
        Assert.Equal(0f, FaceMeasuresSharpness(new Image(50, 50, PixelFormat.Rgb8), new Box(10, 10, 20, 20)));
    }

    [Fact]
    public void Image_camera_pose_recovers_the_angles_of_a_face_seen_by_that_camera()
    {
        var landmarks = ProjectedFace(yaw: 25, pitch: -10, roll: 8, focal: 400, width: 400, height: 300);
        var pose = FaceAlign.Pipeline.FaceMeasures.Pose(landmarks, PoseCamera.Image, 400, 300);
        Assert.NotNull(pose);
        Assert.Equal(25, pose.Angles.Yaw, 0.1);
        Assert.Equal(-10, pose.Angles.Pitch, 0.1);
        Assert.Equal(8, pose.Angles.Roll, 0.1);
    }

    [Fact]
    public void Landmark_crop_camera_pose_is_the_training_label_pose()
    {
        var landmarks = ProjectedFace(yaw: 25, pitch: -10, roll: 8, focal: 400, width: 400, height: 300);
        var pose = FaceAlign.Pipeline.FaceMeasures.Pose(landmarks, PoseCamera.LandmarkCrop, 400, 300);
        var (trainingPose, _) = PfldDataset.Describe(landmarks);
        Assert.NotNull(pose);
        Assert.Equal(trainingPose, pose.Angles);
        // A focal length far shorter than the true one shrinks the angles (see PoseCamera): signed right, smaller.
        Assert.InRange(pose.Angles.Yaw, 10, 24);
    }

    [Fact]
    public void ComputePose_false_leaves_pose_and_profile_unknown()
    {
        var image = RandomImages.Smooth(100, 100, PixelFormat.Rgb8, seed: 2);
        using var analyzer = new FaceAnalyzer(new StubDetector(StubDetector.Face(FaceBox)), StubDetector.RandomLandmarker(),
            new FaceAnalyzerOptions { ComputePose = false });
        var face = Assert.Single(analyzer.Analyze(image));
        Assert.Null(face.Pose);
        Assert.Null(face.Quality.Profile);
        Assert.Null(face.Quality.PoseFitError);
    }

    [Fact]
    public void Concurrent_calls_give_the_sequential_results()
    {
        var images = Enumerable.Range(0, 6).Select(i => RandomImages.Smooth(90 + i, 80, PixelFormat.Rgb8, seed: 10 + i)).ToArray();
        using var analyzer = new FaceAnalyzer(StubDetector.Centred(), StubDetector.RandomLandmarker());
        var sequential = images.Select(analyzer.Analyze).ToArray();
        var parallel = new IReadOnlyList<Face>[images.Length];
        Parallel.For(0, images.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            parallel[i % images.Length] = analyzer.Analyze(images[i % images.Length]));
        for (int i = 0; i < images.Length; i++)
            AssertSameFaces(sequential[i], parallel[i]);
    }

    [Fact]
    public void The_callers_detector_is_not_disposed_and_options_are_validated()
    {
        var detector = new StubDetector();
        new FaceAnalyzer(detector, StubDetector.RandomLandmarker()).Dispose();
        Assert.False(detector.Disposed);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAnalyzer(detector, StubDetector.RandomLandmarker(), new FaceAnalyzerOptions { MaxFaces = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAnalyzer(detector, StubDetector.RandomLandmarker(), new FaceAnalyzerOptions { MinFaceSize = -1 }));
        var disposed = new FaceAnalyzer(detector, StubDetector.RandomLandmarker());
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Analyze(new Image(4, 4, PixelFormat.Rgb8)));
    }

    internal static void AssertSameFaces(IReadOnlyList<Face> expected, IReadOnlyList<Face> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Box, actual[i].Box);
            Assert.Equal(expected[i].Score, actual[i].Score);
            Assert.Equal(expected[i].Landmarks5, actual[i].Landmarks5);
            Assert.Equal(expected[i].Landmarks, actual[i].Landmarks);
            Assert.Equal(expected[i].LandmarkBox, actual[i].LandmarkBox);
            Assert.Equal(expected[i].Pose, actual[i].Pose);
            Assert.Equal(expected[i].Quality, actual[i].Quality);
        }
    }

    private static float FaceMeasuresSharpness(Image image, Box box) => FaceAlign.Pipeline.FaceMeasures.Sharpness(image, box);

    private static Image BoxBlur(Image source, int radius)
    {
        var result = new Image(source.Width, source.Height, source.Format);
        int ch = source.Channels;
        for (int y = 0; y < source.Height; y++)
            for (int x = 0; x < source.Width; x++)
                for (int c = 0; c < ch; c++)
                {
                    int sum = 0, n = 0;
                    for (int dy = -radius; dy <= radius; dy++)
                        for (int dx = -radius; dx <= radius; dx++)
                        {
                            int u = Math.Clamp(x + dx, 0, source.Width - 1), v = Math.Clamp(y + dy, 0, source.Height - 1);
                            sum += RandomImages.At(source, u, v, c);
                            n++;
                        }
                    result.Pixels[(y * source.Width + x) * ch + c] = (byte)(sum / n);
                }
        return result;
    }

    /// <summary>
    /// The 14 pose points of the mean face 60 cm in front of a pinhole camera (focal in pixels, principal point at the
    /// image centre) at the given angles; the other 54 points sit at their centroid.
    /// </summary>
    private static Vector2[] ProjectedFace(double yaw, double pitch, double roll, double focal, int width, int height)
    {
        var r = new EulerAngles(yaw, pitch, roll).ToMatrix();
        var points = new Vector2[68];
        var indices = MeanFace3D.Ibug68Indices;
        var centroid = Vector2.Zero;
        for (int k = 0; k < indices.Length; k++)
        {
            var m = MeanFace3D.Points[k];
            double x = r.M11 * m.X + r.M12 * m.Y + r.M13 * m.Z;
            double y = r.M21 * m.X + r.M22 * m.Y + r.M23 * m.Z;
            double z = r.M31 * m.X + r.M32 * m.Y + r.M33 * m.Z + 60;
            points[indices[k]] = new Vector2((float)(focal * x / z + width / 2.0), (float)(focal * y / z + height / 2.0));
            centroid += points[indices[k]] / indices.Length;
        }
        for (int k = 0; k < 68; k++)
            if (!indices.Contains(k)) points[k] = centroid;
        return points;
    }
}
