namespace FaceAlign.Training;

/// <summary>Training-only code (datasets, augmentation, losses, trainer, metrics) lives in this assembly.</summary>
internal static class TrainingAssembly
{
}
