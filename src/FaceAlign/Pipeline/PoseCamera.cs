namespace FaceAlign.Pipeline;

/// <summary>
/// The pinhole camera head pose is solved with. Photos carry no calibration, so the camera is a guess, and the guess
/// matters: solving a face seen by a long lens with a short focal length shrinks the angles (measured on a projected
/// mean face at 640 px focal: true yaw 30° / pitch 20° came out 21.5° / 10.3° with <see cref="LandmarkCrop"/>, exact
/// with <see cref="Image"/>).
/// </summary>
public enum PoseCamera
{
    /// <summary>Focal length = image width, principal point at the image centre (≈ 53° horizontal field of view, a
    /// typical phone or kit lens). Right for whole photos; for a tight face crop it equals <see cref="LandmarkCrop"/>.</summary>
    Image,

    /// <summary>Focal length = the landmark crop's side, principal point at its centre: the camera the training data's
    /// pose labels (PfldDataset) were computed with, so pose flags match the training attribute classes.</summary>
    LandmarkCrop,
}
