// Cheap per-face hints for deciding whether a result is worth using (for recognition, annotation, statistics).
// They are heuristics, not calibrated probabilities; compare them across faces rather than against fixed cut-offs.
namespace FaceAlign.Pipeline;

/// <summary>
/// Quality hints for one face.
/// <list type="bullet">
/// <item><see cref="Size"/>: the detector box's shorter side in pixels. Landmarks on faces under ~40 px are coarse: the
/// 112×112 model input is then mostly upsampled pixels.</item>
/// <item><see cref="OutsideFraction"/>: the share of the detector box's area that lies outside the image (0 when the
/// whole box is inside). Landmarks of the cut-off part are guesses.</item>
/// <item><see cref="Sharpness"/>: variance of the 4-neighbour Laplacian of the grey 112×112 landmark crop (the
/// "variance of Laplacian" focus measure, Pech-Pacheco et al., ICPR 2000). Blur, heavy JPEG smoothing and small faces
/// (upsampled into the crop) all lower it. In grey levels², no fixed threshold is calibrated.</item>
/// <item><see cref="Profile"/>: |yaw| above <see cref="Geometry.HeadPoseAttributes.ProfileYaw"/> (30°): the far side
/// of the face is hidden and its landmarks are inferred. Null when pose was not computed.</item>
/// <item><see cref="PoseFitError"/>: RMS distance between the landmarks and the fitted 3-D mean face, as a fraction of
/// the landmark box's longer side. Large values (say above 0.05) mean the points do not look like a rigid face seen
/// in perspective: strong expression, occlusion or failed landmarks. Null when pose was not computed.</item>
/// </list>
/// </summary>
public readonly record struct FaceQuality(float Size, float OutsideFraction, float Sharpness, bool? Profile, float? PoseFitError)
{
    /// <summary>True when part of the detector box lies outside the image.</summary>
    public bool Truncated => OutsideFraction > 0;
}
