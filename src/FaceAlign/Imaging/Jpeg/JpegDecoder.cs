namespace FaceAlign.Imaging.Jpeg;

/// <summary>Placeholder: the real decoder replaces this file.</summary>
public static class JpegDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options) =>
        throw new NotSupportedException("Jpeg decoding is not implemented yet");

    public static ImageInfo Identify(ReadOnlySpan<byte> data) =>
        throw new NotSupportedException("Jpeg decoding is not implemented yet");
}
