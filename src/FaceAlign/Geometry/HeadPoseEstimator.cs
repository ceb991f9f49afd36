using System.Numerics;
using FaceAlign.Landmarks;

namespace FaceAlign.Geometry;

/// <summary>
/// Head pose from 2-D landmarks: picks the 14 <see cref="MeanFace3D"/> points from iBUG 68 landmarks (WFLW 98 are
/// converted first) and solves PnP with <see cref="PnpSolver"/>. The camera is a guess unless given: focal length
/// = image (or crop) width, principal point at the centre — angles are insensitive to the exact focal length at
/// face-crop distances, translation is not. Landmarks that fit no pose (non-finite or coincident points) throw
/// <see cref="ArgumentException"/>; other counts than 68 or 98 throw <see cref="NotSupportedException"/>.
/// </summary>
public static class HeadPoseEstimator
{
    public static HeadPose Estimate(ReadOnlySpan<Vector2> landmarks, float imageWidth, float imageHeight) =>
        Estimate(landmarks, PnpCamera.ForImage(imageWidth, imageHeight));

    public static HeadPose Estimate(ReadOnlySpan<Vector2> landmarks, PnpCamera camera)
    {
        var ibug = landmarks.Length switch
        {
            68 => landmarks,
            98 => LandmarkConversion.Wflw98ToIbug68(landmarks),
            _ => throw new NotSupportedException($"head pose needs 68 or 98 landmarks, got {landmarks.Length}"),
        };
        var indices = MeanFace3D.Ibug68Indices;
        Span<Vector2> picked = stackalloc Vector2[indices.Length];
        for (int i = 0; i < indices.Length; i++)
            picked[i] = ibug[indices[i]];
        var solution = PnpSolver.Solve(MeanFace3D.Points, picked, camera);
        return new HeadPose(EulerAngles.FromMatrix(solution.Rotation), solution.Rotation, solution.Translation, solution.RmsError);
    }
}
