namespace FaceAlign.Imaging.Pnm;

/// <summary>Placeholder: the real decoder replaces this file.</summary>
public static class PnmDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options) =>
        throw new NotSupportedException("Pnm decoding is not implemented yet");

    public static ImageInfo Identify(ReadOnlySpan<byte> data) =>
        throw new NotSupportedException("Pnm decoding is not implemented yet");
}
