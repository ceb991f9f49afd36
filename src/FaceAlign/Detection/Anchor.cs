namespace FaceAlign.Detection;

/// <summary>
/// A prior box in input-tensor pixels: centre and size. RetinaFace's PriorBox divides these by the input width and
/// height; the encoding (<see cref="BoxCoder"/>) is invariant to that per-axis scaling, so pixels give identical offsets.
/// </summary>
public readonly record struct Anchor(float CenterX, float CenterY, float Width, float Height);
