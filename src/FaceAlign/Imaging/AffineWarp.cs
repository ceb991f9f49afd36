using FaceAlign.Geometry;

namespace FaceAlign.Imaging;

/// <summary>
/// Affine warp with bilinear sampling: each destination pixel is inverse-mapped into the source and interpolated
/// from its four neighbours; positions outside follow a <see cref="Border"/> rule. This cuts aligned face crops and
/// does rotation/scale augmentation. It does not prefilter, so shrinking by more than ~2× aliases: resize first.
/// Pixel centres sit at (i + ½, j + ½); see <see cref="WarpRow"/> for the exact mapping.
/// </summary>
public static class AffineWarp
{
    /// <summary>A new <paramref name="width"/>×<paramref name="height"/> image; <paramref name="forward"/> maps source → destination.</summary>
    public static Image Apply(Image source, AffineTransform forward, int width, int height, Border border)
    {
        ArgumentNullException.ThrowIfNull(source);
        ImageSize.Check(width, height, source.Format, nameof(width));
        var destination = new Image(width, height, source.Format);
        Apply(source, forward, destination, border);
        return destination;
    }

    /// <summary>Warps into an existing image of the same pixel format (no allocation besides pooled row buffers).</summary>
    public static void Apply(Image source, AffineTransform forward, Image destination, Border border)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Format != source.Format)
            throw new ArgumentException($"destination is {destination.Format}, source is {source.Format}", nameof(destination));
        using var row = new WarpRow(source, InverseOf(forward), destination.Width);
        for (int v = 0; v < destination.Height; v++)
        {
            row.Map(v);
            WarpSampler.SampleRow(source, row, border, destination.Row(v));
        }
    }

    internal static AffineTransform InverseOf(AffineTransform forward)
    {
        if (!forward.TryInvert(out var inverse))
            throw new ArgumentException($"warp transform is singular (determinant {forward.Determinant:G3})", nameof(forward));
        return inverse;
    }
}
