namespace FaceAlign.Training.Data;

/// <summary>An entry of a COCO file's "images" array.</summary>
public sealed record CocoImage(long Id, string FileName, int Width, int Height);
