namespace FaceAlign.Geometry;

/// <summary>
/// Head orientation as yaw, pitch and roll in degrees. Axes are the camera's: x to the image's right, y down, z
/// forward (into the scene); the head model faces the camera (its nose toward −z) when all angles are 0, and
/// <c>R = Rz(roll) · Rx(−pitch) · Ry(−yaw)</c> with the standard right-handed elementary rotations of
/// <see cref="Rotation"/>. Signs, as seen in the image:
/// yaw &gt; 0 turns the nose toward the image's right (the subject turns to their left),
/// pitch &gt; 0 lifts the nose up (head up), roll &gt; 0 turns the face clockwise (the image-right eye drops).
/// Decomposition is unique for |pitch| &lt; 90°.
/// </summary>
public readonly record struct EulerAngles(double Yaw, double Pitch, double Roll)
{
    private const double Degrees = 180.0 / Math.PI;

    public Matrix3 ToMatrix() =>
        Rotation.AboutZ(Roll / Degrees) * Rotation.AboutX(-Pitch / Degrees) * Rotation.AboutY(-Yaw / Degrees);

    /// <summary>
    /// Inverts <see cref="ToMatrix"/>. For M = Rz(γ)·Rx(β)·Ry(α): M32 = sin β, (M31, M33) = cos β·(−sin α, cos α),
    /// (M12, M22) = cos β·(−sin γ, cos γ).
    /// </summary>
    public static EulerAngles FromMatrix(Matrix3 r)
    {
        double beta = Math.Asin(Math.Clamp(r.M32, -1, 1));
        double alpha = Math.Atan2(-r.M31, r.M33);
        double gamma = Math.Atan2(-r.M12, r.M22);
        return new EulerAngles(-alpha * Degrees, -beta * Degrees, gamma * Degrees);
    }

    public override string ToString() => $"yaw {Yaw:F1}°, pitch {Pitch:F1}°, roll {Roll:F1}°";
}
