namespace FaceAlign.Training.Data;

/// <summary>WFLW's six per-face attribute flags (Wu et al. 2018, §4), in the order the annotation lists them.</summary>
[Flags]
public enum FaceAttributes
{
    None = 0,
    LargePose = 1 << 0,
    Expression = 1 << 1,
    Illumination = 1 << 2,
    MakeUp = 1 << 3,
    Occlusion = 1 << 4,
    Blur = 1 << 5,
}
