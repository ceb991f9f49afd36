namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The JPEG decoder's throw-helper: corrupt data is an <see cref="InvalidImageException"/>, valid JPEG features we do
/// not implement (arithmetic coding, 12-bit, lossless, hierarchical) are a <see cref="NotSupportedException"/>.
/// </summary>
internal static class JpegThrow
{
    public static InvalidImageException Invalid(string message) => new("JPEG " + message);

    public static NotSupportedException NotSupported(string message) => new(message);

    public static InvalidImageException EndsEarly(string where) => new($"JPEG data ends early ({where})");
}
