namespace FaceAlign.Imaging;

/// <summary>
/// Validates the size of an image an operation is asked to create, so that absurd sizes (a runaway detector box, a
/// bad scale) fail with an <see cref="ArgumentOutOfRangeException"/> naming the size instead of an overflow.
/// </summary>
internal static class ImageSize
{
    public static void Check(int width, int height, PixelFormat format, string parameterName)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(parameterName, $"image size must be positive, got {width}×{height}");
        if ((long)width * height * (int)format > Array.MaxLength)
            throw new ArgumentOutOfRangeException(parameterName, $"a {width}×{height} {format} image does not fit in one array");
    }
}
