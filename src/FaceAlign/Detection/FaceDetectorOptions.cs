// Settings of a FaceDetector, fixed when it is created. A record, so variations are one `with` away.
namespace FaceAlign.Detection;

public sealed record FaceDetectorOptions
{
    public static FaceDetectorOptions Default { get; } = new();

    /// <summary>Faces scoring below this (softmax face probability) are dropped before NMS.</summary>
    public float ScoreThreshold { get; init; } = 0.5f;

    /// <summary>NMS drops a face overlapping a higher-scoring one by more than this IoU (RetinaFace uses 0.4).</summary>
    public float NmsIoU { get; init; } = 0.4f;

    /// <summary>
    /// Images whose longer side exceeds this are shrunk to it before detection (results are still in the original
    /// image's pixels). The default, 1600, is RetinaFace's WIDER FACE test size and bounds time and memory on
    /// camera-sized photos (full resolution of a 24-megapixel image would need gigabytes); lower it for speed (320:
    /// ~7 ms), or set null to detect at full resolution, which finds the smallest faces (about 12 px) anywhere.
    /// </summary>
    public int? MaxLongSide { get; init; } = 1600;

    /// <summary>
    /// The network sees faces up to about 640 px well (its training crops); when the (possibly shrunk) image's longer
    /// side exceeds 1.25× this, a second pass at this long side finds faces too large for the first, and of that
    /// pass only faces at least half this size (in the first pass's pixels) are kept. 0 turns the pass off.
    /// </summary>
    public int LargeFacePassSize { get; init; } = 640;

    /// <summary>At most this many candidates (the highest-scoring) enter NMS per pass (RetinaFace's top_k).</summary>
    public int PreNmsTopK { get; init; } = 5000;

    /// <summary>At most this many faces are returned, the highest-scoring (RetinaFace's keep_top_k).</summary>
    public int MaxFaces { get; init; } = 750;

    internal void Validate()
    {
        if (!float.IsFinite(ScoreThreshold))
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), $"score threshold must be finite, got {ScoreThreshold}");
        if (!(NmsIoU >= 0 && NmsIoU <= 1))
            throw new ArgumentOutOfRangeException(nameof(NmsIoU), $"NMS IoU threshold must be in [0, 1], got {NmsIoU}");
        if (MaxLongSide is < 32)
            throw new ArgumentOutOfRangeException(nameof(MaxLongSide), $"maximum long side must be at least 32 pixels, got {MaxLongSide}");
        if (LargeFacePassSize is < 0 or (> 0 and < 32))
            throw new ArgumentOutOfRangeException(nameof(LargeFacePassSize), $"large-face pass size must be 0 (off) or at least 32 pixels, got {LargeFacePassSize}");
        if (PreNmsTopK < 1 || MaxFaces < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFaces), $"top-k limits must be at least 1, got {PreNmsTopK} and {MaxFaces}");
    }
}
