namespace FaceAlign.Imaging.Png;

/// <summary>Placeholder: the real decoder replaces this file.</summary>
public static class PngDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options) =>
        throw new NotSupportedException("Png decoding is not implemented yet");

    public static ImageInfo Identify(ReadOnlySpan<byte> data) =>
        throw new NotSupportedException("Png decoding is not implemented yet");
}
