namespace FaceAlign.Imaging.Jpeg;

/// <summary>Zig-zag sequence of DCT coefficients (T.81 Figure A.6) as natural (row-major) indices.</summary>
internal static class ZigZag
{
    /// <summary>
    /// Natural index of the k-th coefficient in zig-zag order. 16 extra entries of 63 absorb a run that overshoots
    /// the block in corrupt data (libjpeg's jpeg_natural_order trick), so no bounds test is needed per coefficient.
    /// </summary>
    public static ReadOnlySpan<byte> ToNatural =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];
}
