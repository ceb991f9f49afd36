using FaceAlign.Nn;

namespace FaceAlign.Training.DetectorTraining;

/// <summary>
/// One evaluation of <see cref="MultiBoxLoss"/>: the differentiable total and its parts (already divided by the positive
/// counts), for logs.
/// </summary>
public sealed record MultiBoxLossValue(Tensor Total, float Box, float Class, float Landmark, int Positives, int Negatives);
