using System.Numerics;

namespace FaceAlign.Geometry;

/// <summary>
/// A 14-point 3-D mean face for head pose: brow ends 17, 21, 22, 26, eye corners 36, 39, 42, 45, nose wings 31, 35,
/// mouth corners 48, 54, lower lip 57 and chin 8 (iBUG indices). Coordinates come from the anthropometric head model
/// glAnthropometric3DModel.cpp (Martins &amp; Batista, ISR Coimbra), in the 14-point selection popularised by
/// lincolnhard/head-pose-estimation and reused by PFLD head-pose utilities (units ≈ cm).
/// <para>
/// The published table puts x &gt; 0 on the points it assigns to iBUG's image-left side, with y up and z toward
/// the viewer, which is a mirror image of a right-handed face seen by the camera. We store (−x, −y, −z): the model
/// is then in camera axes for a frontal face (x to the image's right, y down, z away from the camera, nose nearest),
/// so identity rotation means "looking straight at the camera" and no reflection is needed.
/// </para>
/// </summary>
public static class MeanFace3D
{
    public static ReadOnlySpan<int> Ibug68Indices => [17, 21, 22, 26, 36, 39, 42, 45, 31, 35, 48, 54, 57, 8];

    /// <summary>Model points in the order of <see cref="Ibug68Indices"/>.</summary>
    public static ReadOnlySpan<Vector3> Points => s_points;

    private static readonly Vector3[] s_points =
    [
        new(-6.825897f, -6.760612f, -4.402142f), // 17 brow, image-left end
        new(-1.330353f, -7.122144f, -6.903745f), // 21 brow, inner end
        new(1.330353f, -7.122144f, -6.903745f),  // 22
        new(6.825897f, -6.760612f, -4.402142f),  // 26
        new(-5.311432f, -5.485328f, -3.987654f), // 36 outer eye corner
        new(-1.789930f, -5.393625f, -4.413414f), // 39 inner eye corner
        new(1.789930f, -5.393625f, -4.413414f),  // 42
        new(5.311432f, -5.485328f, -3.987654f),  // 45
        new(-2.005628f, -1.409845f, -6.165652f), // 31 nose wing
        new(2.005628f, -1.409845f, -6.165652f),  // 35
        new(-2.774015f, 2.080775f, -5.048531f),  // 48 mouth corner
        new(2.774015f, 2.080775f, -5.048531f),   // 54
        new(0f, 3.116408f, -6.097667f),          // 57 lower lip centre
        new(0f, 7.415691f, -4.070434f),          // 8 chin
    ];
}
