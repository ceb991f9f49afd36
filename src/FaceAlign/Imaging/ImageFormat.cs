namespace FaceAlign.Imaging;

/// <summary>Container formats FaceAlign reads. Detected from the first bytes, never from a file name.</summary>
public enum ImageFormat
{
    Unknown = 0,
    Png,
    Jpeg,
    /// <summary>Binary PGM (P5) or PPM (P6).</summary>
    Pnm,
    Bmp,
}
