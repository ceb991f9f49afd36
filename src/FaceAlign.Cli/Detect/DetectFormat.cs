namespace FaceAlign.Cli.Detect;

/// <summary>Result formats of <c>facealign detect</c>.</summary>
internal enum DetectFormat
{
    /// <summary>JSON Lines: one object per image (the default; streams and appends well).</summary>
    Jsonl,

    /// <summary>One JSON array of the same per-image objects.</summary>
    Json,

    /// <summary>One row per face, header first; images without faces add no row.</summary>
    Csv,
}
