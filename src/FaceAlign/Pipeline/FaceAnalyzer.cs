// The library's front door: image in, faces out — detector, detector box → landmark box, landmark model (one or two
// passes), head pose and quality hints. Models load once; Analyze keeps no per-call state on the instance.
using System.Diagnostics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Kernels;
using FaceAlign.Models;

namespace FaceAlign.Pipeline;

/// <summary>
/// Finds faces and analyses each: box, score, five points, landmarks, head pose, quality hints.
/// <para>
/// Thread safety: <see cref="Analyze(Image)"/> may be called from many threads at once on one instance — the detector
/// contract requires a thread-safe detector, the landmark model holds no per-call state, and the analyzer itself only
/// reads its fields. To analyse many images in parallel, set <see cref="FaceAnalyzerOptions.Threads"/> to 1 and
/// parallelise over images; for one image at a time, let the kernels use all cores (the default).
/// </para>
/// </summary>
public sealed class FaceAnalyzer : IDisposable
{
    private readonly IFaceDetector detector;
    private readonly PfldLandmarker landmarker;
    private readonly bool ownsDetector;
    private bool disposed;

    /// <summary>An analyzer over any detector and a loaded landmark model. The caller keeps ownership of the detector.</summary>
    public FaceAnalyzer(IFaceDetector detector, PfldLandmarker landmarker, FaceAnalyzerOptions? options = null)
        : this(detector, landmarker, options, ownsDetector: false)
    {
    }

    private FaceAnalyzer(IFaceDetector detector, PfldLandmarker landmarker, FaceAnalyzerOptions? options, bool ownsDetector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(landmarker);
        Options = options ?? FaceAnalyzerOptions.Default;
        Options.Validate();
        this.detector = detector;
        this.landmarker = landmarker;
        this.ownsDetector = ownsDetector;
        if (Options.Threads is { } threads)
            ComputeThreads.Count = threads;
    }

    public FaceAnalyzerOptions Options { get; }

    /// <summary>Points per face the landmark model places (68 for the default model).</summary>
    public int LandmarkCount => landmarker.Points;

    /// <summary>
    /// The analyzer with the models embedded in FaceAlign: RetinaFace (MobileNet 0.25) and the 68-point PFLD of width
    /// <see cref="FaceAnalyzerOptions.LandmarkWidth"/>. Throws <see cref="MissingModelException"/> naming the missing
    /// resources when this build was made without them.
    /// </summary>
    public static FaceAnalyzer CreateDefault(FaceAnalyzerOptions? options = null) => FromFilesOrEmbedded(null, null, options);

    /// <summary>An analyzer from weights files: a detector file and a PFLD file written by <see cref="PfldLandmarker.Save"/>.</summary>
    public static FaceAnalyzer Create(string detectorPath, string landmarkPath, FaceAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detectorPath);
        ArgumentNullException.ThrowIfNull(landmarkPath);
        return FromFilesOrEmbedded(detectorPath, landmarkPath, options);
    }

    /// <summary>Each model from its file when a path is given, else the embedded default.</summary>
    internal static FaceAnalyzer FromFilesOrEmbedded(string? detectorPath, string? landmarkPath, FaceAnalyzerOptions? options)
    {
        options ??= FaceAnalyzerOptions.Default;
        options.Validate();
        var embedded = new List<string>();
        if (detectorPath is null) embedded.Add(DefaultModels.DetectorFile);
        if (landmarkPath is null) embedded.Add(DefaultModels.LandmarkFile(options.LandmarkWidth));
        DefaultModels.Require(embedded);
        var landmarks = landmarkPath is null ? DefaultModels.LoadLandmarker(options.LandmarkWidth) : PfldLandmarker.Load(landmarkPath);
        var faces = detectorPath is null ? DefaultModels.LoadDetector() : DefaultModels.LoadDetector(detectorPath);
        return new FaceAnalyzer(faces, landmarks, options, ownsDetector: true);
    }

    /// <summary>Faces in <paramref name="image"/> (any pixel format; alpha is ignored), highest score first.</summary>
    public IReadOnlyList<Face> Analyze(Image image) => Analyze(image, out _);

    /// <summary>
    /// Faces in a caller's pixel buffer (rows <paramref name="stride"/> bytes apart, any <see cref="PixelLayout"/>),
    /// exactly as if the same pixels were passed as an <see cref="Image"/>. The buffer is copied, not kept.
    /// </summary>
    public IReadOnlyList<Face> Analyze(ReadOnlySpan<byte> pixels, int width, int height, int stride, PixelLayout layout) =>
        Analyze(PixelBuffer.ToImage(pixels, width, height, stride, layout));

    internal IReadOnlyList<Face> Analyze(Image image, out AnalysisTimings timings)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(disposed, this);
        var rgb = image.ToRgb();
        long start = Stopwatch.GetTimestamp();
        var detections = Select(detector.Detect(rgb));
        double detectMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        var firstBoxes = detections.Select(d => Options.BoxMapping.Apply(d.Box)).ToList();
        var (points, boxes) = LandmarkPasses.Run(b => landmarker.Predict(rgb, b), firstBoxes, Options.RefineLandmarkBox);
        var faces = new Face[detections.Count];
        for (int i = 0; i < faces.Length; i++)
            faces[i] = Describe(rgb, detections[i], points[i], boxes[i]);
        timings = new AnalysisTimings(detectMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return faces;
    }

    /// <summary>Disposes the detector when this analyzer loaded it (CreateDefault, Create).</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        if (ownsDetector && detector is IDisposable disposable)
            disposable.Dispose();
    }

    /// <summary>Threshold, minimum size, then the best MaxFaces by score.</summary>
    private List<DetectedFace> Select(IReadOnlyList<DetectedFace> detections)
    {
        var kept = detections
            .Where(d => d.Score >= Options.DetectionThreshold && !d.Box.IsEmpty && Math.Min(d.Box.Width, d.Box.Height) >= Options.MinFaceSize)
            .OrderByDescending(d => d.Score);
        return (Options.MaxFaces is { } max ? kept.Take(max) : kept).ToList();
    }

    private Face Describe(Image rgb, DetectedFace detection, System.Numerics.Vector2[] landmarks, Box landmarkBox)
    {
        var pose = Options.ComputePose ? FaceMeasures.Pose(landmarks, Options.PoseCamera, rgb.Width, rgb.Height) : null;
        var bounds = Box.FromPoints(landmarks);
        float? fitError = pose is null ? null : (float)(pose.RmsError / Math.Max(bounds.Width, bounds.Height));
        var quality = new FaceQuality(
            Math.Min(detection.Box.Width, detection.Box.Height),
            FaceMeasures.OutsideFraction(detection.Box, rgb.Width, rgb.Height),
            FaceMeasures.Sharpness(rgb, landmarkBox),
            pose is null ? null : pose.Attributes.Profile,
            fitError);
        return new Face(detection.Box, detection.Score, detection.Landmarks5, landmarks, landmarkBox, pose?.Angles, quality);
    }
}
