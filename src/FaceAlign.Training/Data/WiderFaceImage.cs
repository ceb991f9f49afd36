namespace FaceAlign.Training.Data;

/// <summary>An image of a WIDER FACE ground-truth file: its path (relative to the images folder) and its faces.</summary>
public sealed record WiderFaceImage(string File, IReadOnlyList<WiderFaceBox> Faces);
