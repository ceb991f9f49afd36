namespace FaceAlign.Training.DetectorTraining;

/// <summary>A progress report from a running RetinaFace training (for progress bars; the run's log files hold the record).</summary>
public readonly record struct RetinaFaceTrainingProgress(
    int Epoch, int Epochs, int Batch, int BatchesPerEpoch, float Loss, float LastValidationAp, double ImagesPerSecond, TimeSpan Remaining);
