namespace FaceAlign.Imaging;

/// <summary>Limits and switches shared by every decoder.</summary>
public sealed record DecoderOptions
{
    /// <summary>Default options: 100 megapixel limit, EXIF orientation applied.</summary>
    public static DecoderOptions Default { get; } = new();

    /// <summary>
    /// Largest width × height a decoder accepts. Headers claiming more are refused before any pixel
    /// buffer is allocated, so a 20-byte file cannot ask for gigabytes.
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Rotate/flip JPEG images as their EXIF orientation tag says (on by default, as viewers do).</summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
