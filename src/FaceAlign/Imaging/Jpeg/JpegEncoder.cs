namespace FaceAlign.Imaging.Jpeg;

/// <summary>Placeholder: the real encoder replaces this file.</summary>
public static class JpegEncoder
{
    /// <param name="quality">1–100, as libjpeg's scale of the standard quantisation tables.</param>
    public static byte[] Encode(Image image, int quality = 90) => throw new NotSupportedException("JPEG encoding is not implemented yet");
}
