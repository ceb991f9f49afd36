// Turns detector samples into network input: each sample image is scaled so its longer side is the training input
// size, written into the top-left of a zero (= mean colour) square, and its faces are moved into that frame and
// matched to the square's anchors. The sample source does the augmentation; this only fits samples to the network.
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Training.DetectorTraining;

public sealed class DetectionBatchBuilder
{
    private readonly Anchor[] anchors;

    public DetectionBatchBuilder(IDetectionSampleSource source, int inputSize, AnchorMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(matcher);
        if (inputSize < FaceDetector.SizeMultiple || inputSize % FaceDetector.SizeMultiple != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"the training input size must be a positive multiple of {FaceDetector.SizeMultiple}, got {inputSize}");
        Source = source;
        InputSize = inputSize;
        Matcher = matcher;
        anchors = PriorBoxes.Generate(inputSize, inputSize);
    }

    public IDetectionSampleSource Source { get; }

    public int InputSize { get; }

    public AnchorMatcher Matcher { get; }

    public int AnchorCount => anchors.Length;

    /// <summary>Floats of one image in the batch: 3 × size × size.</summary>
    public int ImageLength => 3 * InputSize * InputSize;

    /// <summary>Writes sample <paramref name="seed"/> into <paramref name="chw"/> (one image's (3, S, S) slice) and returns its anchor targets.</summary>
    public AnchorTargets Fill(long seed, Span<float> chw)
    {
        var sample = Source.Sample(seed) ?? throw new InvalidOperationException($"the sample source returned no sample for seed {seed}");
        var (image, faces) = Fit(sample, InputSize);
        chw[..ImageLength].Clear();
        ImageTensor.WriteTopLeft(image, FaceDetector.Normalization, chw, InputSize, InputSize);
        return Matcher.Match(faces, anchors);
    }

    /// <summary>The sample scaled so its longer side is <paramref name="size"/>, with its faces in the scaled frame.</summary>
    public static (Image Image, List<DetectionTarget> Faces) Fit(DetectionSample sample, int size)
    {
        var image = sample.Image;
        double scale = size / (double)Math.Max(image.Width, image.Height);
        int width = Math.Clamp((int)Math.Round(image.Width * scale), 1, size), height = Math.Clamp((int)Math.Round(image.Height * scale), 1, size);
        if (width != image.Width || height != image.Height) image = Resize.Bilinear(image, width, height);
        float sx = width / (float)sample.Image.Width, sy = height / (float)sample.Image.Height;
        var faces = sample.Faces.Select(f => new DetectionTarget(
            new Box(f.Box.X * sx, f.Box.Y * sy, f.Box.Width * sx, f.Box.Height * sy),
            f.Landmarks5?.Select(p => new System.Numerics.Vector2(p.X * sx, p.Y * sy)).ToArray())).ToList();
        return (image, faces);
    }
}
