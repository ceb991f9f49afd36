namespace FaceAlign.Training.DetectionData;

/// <summary>
/// How <see cref="MosaicComposer"/> builds its images. Face sizes are widths of the detector box
/// (<see cref="Detection.DetectorBoxConvention"/>) in output pixels; the largest face is also kept under 0.75·Size,
/// so a 320 px mosaic holds faces of 12–240 px and a 640 px one 12–400 px.
/// </summary>
public sealed record MosaicOptions
{
    /// <summary>Every photometric change off (colour jitter, greyscale, blur, noise): geometry only, for tests and checks.</summary>
    public static MosaicOptions GeometryOnly { get; } = new()
    {
        ColorJitter = 0,
        GrayscaleProbability = 0,
        BlurProbability = 0,
        NoiseProbability = 0,
    };

    /// <summary>Side of the square output image in pixels.</summary>
    public int Size { get; init; } = 640;

    public float MinFaceSize { get; init; } = 12;

    public float MaxFaceSize { get; init; } = 400;

    /// <summary>Each tile is rotated by a uniform angle in ±MaxRotationDegrees.</summary>
    public float MaxRotationDegrees { get; init; } = 15;

    /// <summary>Chance that a tile is mirrored (five points renumbered so "left eye" stays the image-left one).</summary>
    public float FlipProbability { get; init; } = 0.5f;

    /// <summary>
    /// Chance of a sparse sample: one to three faces over a whole background photo, so the photo's face-like parts
    /// become the mined negatives (added after textured photos kept drawing confident detections; models/README.md).
    /// </summary>
    public float SparseProbability { get; init; } = 0.25f;

    /// <summary>
    /// Chance that a sample also shows one to three mined hard negatives (<see cref="HardNegative"/>: places of the
    /// face-free photos where the detector fired), each at about the size it fired at, with some context. Nothing
    /// changes while no negatives have been mined.
    /// </summary>
    public float HardNegativeProbability { get; init; }

    /// <summary>Chance of a grid layout (faces inside cells, never cut) when not sparse; otherwise faces are scattered freely.</summary>
    public float GridProbability { get; init; } = 0.75f;

    /// <summary>At most this many faces in a scattered layout.</summary>
    public int MaxScatterFaces { get; init; } = 16;

    /// <summary>Strength of per-tile brightness, contrast and saturation changes: 1 is the default range, 0 off.</summary>
    public float ColorJitter { get; init; } = 1;

    public float GrayscaleProbability { get; init; } = 0.08f;

    /// <summary>Chance of softening the whole image (down- and up-sampling by 0.4–0.8).</summary>
    public float BlurProbability { get; init; } = 0.1f;

    /// <summary>Chance of adding uniform pixel noise (standard deviation 2–10 levels).</summary>
    public float NoiseProbability { get; init; } = 0.15f;

    /// <summary>Memory for decoded source images (with their half-size pyramids), least recently used evicted first.</summary>
    public long CacheBytes { get; init; } = 512L << 20;

    /// <summary>The largest face actually drawn: MaxFaceSize, but at most 0.75·Size.</summary>
    public float EffectiveMaxFaceSize => Math.Min(MaxFaceSize, 0.75f * Size);

    public void Validate()
    {
        if (Size < 64 || Size > 4096)
            throw new ArgumentException($"mosaic size must be 64–4096 pixels, got {Size}");
        if (!(MinFaceSize >= 4) || !(MinFaceSize <= EffectiveMaxFaceSize))
            throw new ArgumentException($"face sizes must satisfy 4 ≤ min ({MinFaceSize}) ≤ max ({EffectiveMaxFaceSize}, the smaller of MaxFaceSize and 0.75·Size)");
        if (!(MaxRotationDegrees >= 0 && MaxRotationDegrees <= 45))
            throw new ArgumentException($"rotation must be 0–45 degrees, got {MaxRotationDegrees}");
        foreach (var (name, p) in new[] { ("flip", FlipProbability), ("sparse", SparseProbability), ("hard negative", HardNegativeProbability), ("grid", GridProbability), ("greyscale", GrayscaleProbability), ("blur", BlurProbability), ("noise", NoiseProbability) })
        {
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"{name} probability must be in [0, 1], got {p}");
        }
        if (MaxScatterFaces < 1)
            throw new ArgumentException($"MaxScatterFaces must be at least 1, got {MaxScatterFaces}");
        if (!(ColorJitter >= 0 && ColorJitter <= 2))
            throw new ArgumentException($"colour jitter strength must be 0–2, got {ColorJitter}");
        if (CacheBytes < 0)
            throw new ArgumentException($"cache size must not be negative, got {CacheBytes}");
    }
}
