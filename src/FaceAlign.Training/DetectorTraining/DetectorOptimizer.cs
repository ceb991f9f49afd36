namespace FaceAlign.Training.DetectorTraining;

/// <summary>How RetinaFace training updates the weights.</summary>
public enum DetectorOptimizer
{
    /// <summary>AdamW (decoupled weight decay): converges in fewer epochs from scratch; the default.</summary>
    Adam,

    /// <summary>SGD with momentum 0.9 and L2 weight decay, biubug6/Pytorch_Retinaface's recipe (lr 1e-3, wd 5e-4).</summary>
    Sgd,
}
