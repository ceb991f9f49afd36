// Settings of a FaceAnalyzer, fixed when it is created. A record, so variations are one `with` away.
using FaceAlign.Detection;

namespace FaceAlign.Pipeline;

public sealed record FaceAnalyzerOptions
{
    public static FaceAnalyzerOptions Default { get; } = new();

    /// <summary>Width multiplier of the embedded PFLD model <see cref="FaceAnalyzer.CreateDefault"/> loads (models/pfld68-{width}x.safetensors).</summary>
    public float LandmarkWidth { get; init; } = 0.25f;

    /// <summary>
    /// Faces whose detector score is below this are dropped (after any threshold the detector applies itself). 0.9 is
    /// measured on the default detector: all 43 of dlib's hand-boxed faces found (as at 0.5 and 0.8), 3 false detections
    /// on those photos (7 at 0.8), 4 over the 15 face-free background photos (10 at 0.8), none on the cat; 634 of the
    /// 636 ytf68 val faces found at 0.8 and 0.9 alike.
    /// </summary>
    public float DetectionThreshold { get; init; } = 0.9f;

    /// <summary>Faces whose detector box has a shorter side below this many pixels are dropped. 0 keeps all.</summary>
    public float MinFaceSize { get; init; }

    /// <summary>At most this many faces, the highest-scoring ones; null for no limit.</summary>
    public int? MaxFaces { get; init; }

    /// <summary>
    /// Threads the network kernels may use. Sets the process-wide <see cref="Kernels.ComputeThreads.Count"/> when the
    /// analyzer is created; null leaves it alone (default: all cores). Use 1 when analysing several images in parallel.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Estimate head pose (yaw, pitch, roll) from the landmarks.</summary>
    public bool ComputePose { get; init; } = true;

    /// <summary>The camera guess pose is solved with; see <see cref="Pipeline.PoseCamera"/>.</summary>
    public PoseCamera PoseCamera { get; init; } = PoseCamera.Image;

    /// <summary>
    /// Run the landmark model a second time on the tight box of its first answer. The model was trained on crops
    /// framed by exactly that box, so the second pass removes most of the error of mapping a detector box to it, at
    /// the cost of a second landmark pass per face.
    /// </summary>
    public bool RefineLandmarkBox { get; init; } = true;

    /// <summary>
    /// How a detector box becomes the landmark box the first landmark pass is framed on: by default the inverse of the
    /// box convention the default detector was trained on. A least-squares fit on 600 detected ytf68 training faces
    /// gave hardly better boxes (mean IoU with the landmark box 0.824 vs 0.817 on the validation faces).
    /// </summary>
    public DetectorToLandmarkBox BoxMapping { get; init; } = DetectorBoxConvention.LandmarkBoxMapping;

    internal void Validate()
    {
        if (!(LandmarkWidth > 0) || !float.IsFinite(LandmarkWidth))
            throw new ArgumentOutOfRangeException(nameof(LandmarkWidth), $"landmark model width must be positive, got {LandmarkWidth}");
        if (!float.IsFinite(DetectionThreshold))
            throw new ArgumentOutOfRangeException(nameof(DetectionThreshold), "detection threshold must be finite");
        if (!(MinFaceSize >= 0) || !float.IsFinite(MinFaceSize))
            throw new ArgumentOutOfRangeException(nameof(MinFaceSize), $"minimum face size must be a finite number ≥ 0, got {MinFaceSize}");
        if (MaxFaces is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFaces), $"maximum face count must be at least 1, got {MaxFaces}");
        if (!Enum.IsDefined(PoseCamera))
            throw new ArgumentOutOfRangeException(nameof(PoseCamera), $"unknown pose camera {PoseCamera}");
        if (Threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), $"thread count must be at least 1, got {Threads}");
    }
}
