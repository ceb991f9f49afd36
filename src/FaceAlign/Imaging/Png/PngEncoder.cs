namespace FaceAlign.Imaging.Png;

/// <summary>Placeholder: the real encoder replaces this file.</summary>
public static class PngEncoder
{
    public static byte[] Encode(Image image) => throw new NotSupportedException("PNG encoding is not implemented yet");
}
