namespace FaceAlign.Imaging.Bmp;

/// <summary>Placeholder: the real decoder replaces this file.</summary>
public static class BmpDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options) =>
        throw new NotSupportedException("Bmp decoding is not implemented yet");

    public static ImageInfo Identify(ReadOnlySpan<byte> data) =>
        throw new NotSupportedException("Bmp decoding is not implemented yet");
}
