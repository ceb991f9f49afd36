using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Detect;

/// <summary>What analysing one image produced: its size, faces and stage timings in milliseconds, or why it failed.</summary>
internal sealed record ImageResult(DetectInput Input, int Width, int Height, IReadOnlyList<Face> Faces,
    double DecodeMs, double DetectMs, double LandmarksMs, string? Error = null)
{
    public static ImageResult Failed(DetectInput input, string error) => new(input, 0, 0, [], 0, 0, 0, error);

    public bool Ok => Error is null;
}
