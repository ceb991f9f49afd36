using FaceAlign.Imaging;

namespace FaceAlign.Detection;

/// <summary>
/// Finds faces in a whole image. Implementations are thread-safe: one instance may serve many threads.
/// </summary>
public interface IFaceDetector
{
    /// <summary>Faces sorted by descending score, boxes in <paramref name="image"/>'s pixel coordinates.</summary>
    IReadOnlyList<DetectedFace> Detect(Image image);
}
