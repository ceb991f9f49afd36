namespace FaceAlign.Imaging.Jpeg;

/// <summary>How a colour JPEG stores its chroma (Cb, Cr) relative to luma. Grey images have no chroma.</summary>
public enum JpegEncoderChroma
{
    /// <summary>4:2:0: one chroma sample per 2×2 pixels (what cameras and libjpeg's default write).</summary>
    Subsampled420,

    /// <summary>4:4:4: full-resolution chroma; larger files, sharper colour edges.</summary>
    Full444,
}
