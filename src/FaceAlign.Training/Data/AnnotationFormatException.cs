namespace FaceAlign.Training.Data;

/// <summary>
/// An annotation file is malformed. The message starts with where: <c>file:line: what is wrong</c> for line-based
/// formats (CSV, .pts, WFLW lists, XML, JSON Lines) and <c>file: annotations[3] (id 40): what</c> inside JSON documents.
/// </summary>
public class AnnotationFormatException : Exception
{
    public AnnotationFormatException(string message) : base(message) { }

    public AnnotationFormatException(string message, Exception inner) : base(message, inner) { }

    public AnnotationFormatException(string file, int line, string what) : base($"{file}:{line}: {what}") { }
}
