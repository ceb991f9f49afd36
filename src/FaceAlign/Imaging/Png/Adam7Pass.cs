namespace FaceAlign.Imaging.Png;

/// <summary>
/// One Adam7 interlace pass (PNG spec §8.2): a sub-image on a regular lattice of the full image, starting at
/// (X0, Y0) with steps (Dx, Dy). A pass with no columns or no rows carries no scanlines, not even filter bytes.
/// </summary>
internal readonly record struct Adam7Pass(int X0, int Y0, int Dx, int Dy)
{
    /// <summary>Passes 1–7 in spec order.</summary>
    public static IReadOnlyList<Adam7Pass> Passes { get; } =
    [
        new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4),
        new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2),
    ];

    /// <summary>A non-interlaced image read as a single pass.</summary>
    public static IReadOnlyList<Adam7Pass> NotInterlaced { get; } = [new(0, 0, 1, 1)];

    public int Columns(int width) => width > X0 ? (width - X0 + Dx - 1) / Dx : 0;

    public int Rows(int height) => height > Y0 ? (height - Y0 + Dy - 1) / Dy : 0;
}
