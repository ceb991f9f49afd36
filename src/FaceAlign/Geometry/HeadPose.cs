namespace FaceAlign.Geometry;

/// <summary>
/// A face's head pose: Euler angles (see <see cref="EulerAngles"/> for axes and signs), the rotation and translation
/// mapping <see cref="MeanFace3D"/> into camera coordinates, and the RMS reprojection error in pixels (large values
/// mean the landmarks do not fit a rigid mean face well: extreme expression, bad landmarks or a wrong camera guess).
/// </summary>
public sealed record HeadPose(EulerAngles Angles, Matrix3 Rotation, (double X, double Y, double Z) Translation, double RmsError)
{
    public HeadPoseAttributes Attributes => HeadPoseAttributes.From(Angles);
}
