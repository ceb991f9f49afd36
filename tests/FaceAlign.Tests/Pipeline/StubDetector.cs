using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;

namespace FaceAlign.Tests.Pipeline;

/// <summary>
/// A test double for the detector: returns faces from a function of the image (by default fixed ones), and remembers
/// the images it saw. Lets the pipeline be tested without detector weights.
/// </summary>
internal sealed class StubDetector(Func<Image, IReadOnlyList<DetectedFace>> detect) : IFaceDetector, IDisposable
{
    public StubDetector(params DetectedFace[] faces)
        : this(_ => faces)
    {
    }

    public List<Image> Seen { get; } = [];

    public bool Disposed { get; private set; }

    public IReadOnlyList<DetectedFace> Detect(Image image)
    {
        lock (Seen) Seen.Add(image);
        return detect(image);
    }

    public void Dispose() => Disposed = true;

    /// <summary>A face with the five points placed where they sit in a frontal face box.</summary>
    public static DetectedFace Face(Box box, float score = 0.9f) => new(box, score,
    [
        new(box.X + 0.3f * box.Width, box.Y + 0.4f * box.Height),
        new(box.X + 0.7f * box.Width, box.Y + 0.4f * box.Height),
        new(box.X + 0.5f * box.Width, box.Y + 0.6f * box.Height),
        new(box.X + 0.35f * box.Width, box.Y + 0.8f * box.Height),
        new(box.X + 0.65f * box.Width, box.Y + 0.8f * box.Height),
    ]);

    /// <summary>One face in the middle of any image, a third of its size: image-dependent, so a stand-in real detector.</summary>
    public static StubDetector Centred() => new(image =>
    [
        Face(Box.FromCenter(new Vector2(image.Width / 2f, image.Height / 2f), image.Width / 3f, image.Height / 2.5f), 0.95f),
    ]);

    /// <summary>A randomly initialised 68-point PFLD: its answers are meaningless but depend on every input pixel.</summary>
    public static PfldLandmarker RandomLandmarker(int seed = 1) => new(new Pfld(0.25f, 68, new Random(seed)));
}
