namespace FaceAlign.Geometry;

/// <summary>
/// A pinhole camera without distortion: u = Focal·x/z + Cx, v = Focal·y/z + Cy (pixels, origin at the top-left
/// pixel's corner). Without calibration, <see cref="ForImage"/> uses the customary guess focal ≈ image width.
/// </summary>
public readonly record struct PnpCamera(double Focal, double Cx, double Cy)
{
    public static PnpCamera ForImage(double width, double height) => new(width, width / 2, height / 2);
}
