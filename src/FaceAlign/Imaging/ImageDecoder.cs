using FaceAlign.Imaging.Bmp;
using FaceAlign.Imaging.Jpeg;
using FaceAlign.Imaging.Png;
using FaceAlign.Imaging.Pnm;

namespace FaceAlign.Imaging;

/// <summary>
/// The one entry point for decoding: looks at the first bytes (the "magic number") to pick a decoder.
/// File extensions are never consulted — a .jpg that is really a PNG decodes as a PNG.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Recognises the container from its signature; <see cref="ImageFormat.Unknown"/> if none matches.</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature))
            return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            return ImageFormat.Jpeg;
        if (data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'5' || data[1] == (byte)'6'))
            return ImageFormat.Pnm;
        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
            return ImageFormat.Bmp;
        return ImageFormat.Unknown;
    }

    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions? options = null)
    {
        options ??= DecoderOptions.Default;
        return DetectFormat(data) switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, options),
            ImageFormat.Jpeg => JpegDecoder.Decode(data, options),
            ImageFormat.Pnm => PnmDecoder.Decode(data, options),
            ImageFormat.Bmp => BmpDecoder.Decode(data, options),
            _ => throw UnknownFormat(data),
        };
    }

    public static ImageInfo Identify(ReadOnlySpan<byte> data) => DetectFormat(data) switch
    {
        ImageFormat.Png => PngDecoder.Identify(data),
        ImageFormat.Jpeg => JpegDecoder.Identify(data),
        ImageFormat.Pnm => PnmDecoder.Identify(data),
        ImageFormat.Bmp => BmpDecoder.Identify(data),
        _ => throw UnknownFormat(data),
    };

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static InvalidImageException UnknownFormat(ReadOnlySpan<byte> data) => data.Length == 0
        ? new InvalidImageException("empty file")
        : new InvalidImageException($"unknown image format (first bytes {Convert.ToHexString(data[..Math.Min(4, data.Length)])}); FaceAlign reads PNG, JPEG, PGM/PPM and BMP");
}
