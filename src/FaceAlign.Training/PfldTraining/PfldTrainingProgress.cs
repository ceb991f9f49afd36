namespace FaceAlign.Training.PfldTraining;

/// <summary>A progress report from a running PFLD training (for progress bars; the trainer's log files hold the record).</summary>
public readonly record struct PfldTrainingProgress(
    int Epoch, int Epochs, int Batch, int BatchesPerEpoch, float Loss, float LastValidationNme, double ImagesPerSecond, TimeSpan Remaining);
