namespace FaceAlign.Imaging.Png;

/// <summary>The filter-type byte that starts every scanline (PNG spec §9.2, filter method 0).</summary>
internal enum PngFilterType : byte
{
    None = 0,
    Sub = 1,
    Up = 2,
    Average = 3,
    Paeth = 4,
}
