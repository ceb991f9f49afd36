namespace FaceAlign.Imaging;

/// <summary>
/// What a file's headers say about it, read without decoding the pixels (<c>facealign info</c>).
/// Width and Height are as stored, before any EXIF orientation is applied.
/// </summary>
public sealed record ImageInfo
{
    public required ImageFormat Format { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Colour components as stored (1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha or CMYK).</summary>
    public required int Components { get; init; }

    /// <summary>Bits per sample as stored (PNG 1/2/4/8/16, JPEG 8).</summary>
    public required int BitDepth { get; init; }

    /// <summary>Human-readable colour model: "grey", "rgb", "rgba", "palette", "ycbcr", "cmyk", "ycck"...</summary>
    public string ColorModel { get; init; } = "";

    /// <summary>JPEG chroma subsampling such as "4:2:0"; empty for other formats.</summary>
    public string Subsampling { get; init; } = "";

    /// <summary>JPEG progressive (SOF2) or PNG Adam7 interlaced.</summary>
    public bool Progressive { get; init; }

    /// <summary>EXIF orientation tag 1–8 (1 when absent).</summary>
    public int Orientation { get; init; } = 1;
}
