namespace FaceAlign.Cli.Detect;

/// <summary>The options of one <c>facealign detect</c> run, already validated by the command line parser.</summary>
internal sealed record DetectSettings(
    IReadOnlyList<string> Inputs,
    string? OutFolder,
    DetectFormat Format,
    bool Draw,
    bool Crops,
    float MinFace,
    float Threshold,
    int Threads,
    string? LandmarkModel,
    string? DetectorModel);
