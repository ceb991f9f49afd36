namespace FaceAlign.Imaging;

/// <summary>A border rule for warps and crops: <see cref="BorderMode"/> plus the fill value used by Constant.</summary>
public readonly record struct Border(BorderMode Mode, byte Value)
{
    public static Border Replicate => new(BorderMode.Replicate, 0);

    public static Border Constant(byte value = 0) => new(BorderMode.Constant, value);
}
