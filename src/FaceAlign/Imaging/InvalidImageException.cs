namespace FaceAlign.Imaging;

/// <summary>
/// The bytes are not a valid image: truncated, corrupt, or contradicting their own headers.
/// Valid files that use a feature FaceAlign does not implement throw <see cref="NotSupportedException"/> instead.
/// </summary>
public class InvalidImageException : Exception
{
    public InvalidImageException(string message) : base(message) { }

    public InvalidImageException(string message, Exception inner) : base(message, inner) { }
}
