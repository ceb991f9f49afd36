// The face box our detector is trained to draw, defined from the 68 iBUG landmarks so every training source (human
// or teacher landmarks) yields the same box. Detector boxes cover the forehead, which no landmark marks; the rule
// below extends the tight landmark box to the style of hand-drawn detector boxes (dlib's face detection examples).
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Pipeline;

namespace FaceAlign.Detection;

/// <summary>
/// Detector box from landmarks: take the tight box of the 68 points (x0, y0, x1, y1; width w = x1 − x0, height
/// h = y1 − y0; its top is the brows, its bottom the chin), then
/// <code>
/// left   = x0 − 0.05·w        top    = y0 − 0.12·h   (the forehead above the brows)
/// right  = x1 + 0.05·w        bottom = y1             (the chin)
/// </code>
/// so the box is 1.10·w wide and 1.12·h tall. The constants were fitted on the 43 faces of dlib's face-detection
/// examples (shared/data/fixtures/dlib-faces): the hand-drawn boxes of training.xml/testing.xml against the tight box
/// of the 68 points in *_with_face_landmarks.xml. The grid optimum of (side, top, bottom) in steps of 0.01 was
/// (0.06, 0.12, −0.03), mean IoU 0.782; the rounded rule above keeps the bottom at the chin and reaches mean IoU 0.778
/// (minimum 0.636), against 0.710 for the tight landmark box itself. Asserted by DetectorBoxConventionTests.
/// </summary>
public static class DetectorBoxConvention
{
    /// <summary>Fraction of the landmark box's width added on each side.</summary>
    public const float SideMargin = 0.05f;

    /// <summary>Fraction of the landmark box's height added above the brows.</summary>
    public const float ForeheadExtension = 0.12f;

    /// <summary>The detector box of a face from its 68 iBUG points (image pixels, origin at the top-left corner).</summary>
    public static Box FromLandmarks68(ReadOnlySpan<Vector2> points)
    {
        if (points.Length != 68)
            throw new ArgumentException($"the detector box convention is defined on 68 iBUG points, got {points.Length}", nameof(points));
        return FromLandmarkBox(Box.FromPoints(points));
    }

    /// <summary>The detector box of a tight 68-point landmark box (the 300-W box that PFLD crops with).</summary>
    public static Box FromLandmarkBox(Box landmarkBox)
    {
        float w = landmarkBox.Width, h = landmarkBox.Height;
        return Box.FromCorners(
            landmarkBox.X - SideMargin * w,
            landmarkBox.Y - ForeheadExtension * h,
            landmarkBox.Right + SideMargin * w,
            landmarkBox.Bottom);
    }

    /// <summary>The tight landmark box back from a detector box drawn in this convention (the exact inverse).</summary>
    public static Box ToLandmarkBox(Box detectorBox)
    {
        float w = detectorBox.Width / (1 + 2 * SideMargin), h = detectorBox.Height / (1 + ForeheadExtension);
        return new Box(detectorBox.X + SideMargin * w, detectorBox.Bottom - h, w, h);
    }

    /// <summary>
    /// <see cref="ToLandmarkBox"/> as a <see cref="DetectorToLandmarkBox"/> for <see cref="FaceAnalyzerOptions.BoxMapping"/>:
    /// same width scale and horizontal centre; the landmark box is 1/1.12 as tall and its centre lies
    /// 0.06·h_landmark = (0.06 / 1.12)·h_detector lower.
    /// </summary>
    public static DetectorToLandmarkBox LandmarkBoxMapping { get; } = new(
        0, 0, 0, ForeheadExtension / 2 / (1 + ForeheadExtension),
        1 / (1 + 2 * SideMargin), 0, 0, 1 / (1 + ForeheadExtension));
}
