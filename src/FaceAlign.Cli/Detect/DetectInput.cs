namespace FaceAlign.Cli.Detect;

/// <summary>
/// One image to analyse: where it is, and the unique name (its path relative to the input folder, or its file name,
/// without extension) that names its annotated image and crops under --out.
/// </summary>
internal sealed record DetectInput(string Path, string Name);
