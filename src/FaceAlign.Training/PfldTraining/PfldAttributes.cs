// The paper's six attribute classes (Guo et al. 2019, §3.1: profile-face, frontal-face, head-up, head-down,
// expression, occlusion). Our datasets carry no such flags, so they are derived (see PfldDataset): pose classes from
// the Euler angles of a 3-D fit (HeadPoseAttributes thresholds), expression from mouth opening, occlusion from the
// synthetic occluders augmentation paints.
namespace FaceAlign.Training.PfldTraining;

[Flags]
public enum PfldAttributes
{
    None = 0,
    Profile = 1 << 0,
    Frontal = 1 << 1,
    HeadUp = 1 << 2,
    HeadDown = 1 << 3,
    Expression = 1 << 4,
    Occlusion = 1 << 5,
}
