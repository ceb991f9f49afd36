namespace FaceAlign.Imaging.Png;

/// <summary>The IHDR colour type byte (PNG spec §11.2.2); the values are the spec's, not a sequence.</summary>
internal enum PngColorType : byte
{
    Greyscale = 0,
    Truecolour = 2,
    IndexedColour = 3,
    GreyscaleWithAlpha = 4,
    TruecolourWithAlpha = 6,
}
