namespace FaceAlign.Pipeline;

/// <summary>Wall time of one Analyze call's stages in milliseconds: detector, and landmarks with pose and quality.</summary>
internal readonly record struct AnalysisTimings(double DetectMs, double LandmarksMs);
