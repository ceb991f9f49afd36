using FaceAlign.Nn;

namespace FaceAlign.Detection;

/// <summary>
/// RetinaFace's raw head outputs on one pyramid level, channel-major as the 1×1 convs write them: for anchor a of a cell,
/// channels a·2 + {0 background, 1 face} of <see cref="Logits"/>, a·4 + {dx, dy, dw, dh} of <see cref="Boxes"/>, and
/// a·10 + {dx0, dy0, …, dx4, dy4} of <see cref="Landmarks"/>.
/// </summary>
public sealed record RetinaFaceLevel(Tensor Logits, Tensor Boxes, Tensor Landmarks);
