using FaceAlign.Geometry;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// A face-free place where the detector fired: the detection's box in <paramref name="ImagePath"/>'s own pixels, its
/// score, and the scale the image was shown at when it fired (1 = native size, 0.5 = halved). The composer paints it
/// back into mosaics at about the size it had then (<see cref="FiredWidth"/>), so training meets it where it misleads.
/// </summary>
public sealed record HardNegative(string ImagePath, Box Box, float Score, float Scale)
{
    /// <summary>The box's width in the pixels the network saw when it fired.</summary>
    public float FiredWidth => Box.Width * Scale;
}
