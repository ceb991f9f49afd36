namespace FaceAlign.Geometry;

/// <summary>
/// Coarse pose classes from the angles, for per-attribute evaluation in the spirit of WFLW's "large pose" subset
/// (WFLW publishes no angle thresholds; these are ours): profile when |yaw| &gt; 30°, head up or down when pitch is
/// beyond ±15°, tilted when |roll| &gt; 20°. LargePose is any of them.
/// </summary>
public readonly record struct HeadPoseAttributes(bool Profile, bool HeadUp, bool HeadDown, bool Tilted)
{
    public const double ProfileYaw = 30;
    public const double UpDownPitch = 15;
    public const double TiltRoll = 20;

    public bool LargePose => Profile || HeadUp || HeadDown || Tilted;

    public static HeadPoseAttributes From(EulerAngles a) => new(
        Math.Abs(a.Yaw) > ProfileYaw,
        a.Pitch > UpDownPitch,
        a.Pitch < -UpDownPitch,
        Math.Abs(a.Roll) > TiltRoll);
}
