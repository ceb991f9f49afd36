namespace FaceAlign.Training.PfldTraining;

/// <summary>Which landmark loss a PFLD run trains with (the paper's, or the plain baselines for ablation).</summary>
public enum PfldLossKind
{
    /// <summary>Guo et al. eq. 2: pose- and attribute-weighted squared error, with the auxiliary network.</summary>
    Pfld,
    /// <summary>Mean over samples of the squared landmark error ‖p̂ − p‖²; no auxiliary network.</summary>
    L2,
    /// <summary>Wing loss (Feng et al. 2018) with w = 10 px, ε = 2 px at the 112-px crop scale; no auxiliary network.</summary>
    Wing,
}
