namespace FaceAlign.Imaging.Jpeg;

/// <summary>How a frame's components encode colour, decided as libjpeg does (JFIF, Adobe APP14, component ids).</summary>
internal enum JpegColorSpace
{
    Grey,
    YCbCr,
    Rgb,
    Cmyk,
    Ycck,
}
