namespace FaceAlign.Training.Data;

/// <summary>One line of a teacher JSON Lines file: an image (relative path), its size, and the faces found in it.</summary>
public sealed record TeacherImage(string Image, int Width, int Height, IReadOnlyList<TeacherFace> Faces);
