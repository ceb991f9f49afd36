// How `facealign eval` frames an annotated face before the landmark model sees it: by the face's own ground-truth
// landmark box (TruthBoxFraming, the 300-W protocol) or by the detector, as the product does (DetectorBoxFraming).
using System.Numerics;
using FaceAlign.Imaging;

namespace FaceAlign.Training.Evaluation;

public abstract class LandmarkFraming
{
    /// <summary>Where the boxes come from, as the report names it: "truth" or "detector".</summary>
    public abstract string Boxes { get; }

    /// <summary>
    /// Landmarks (image pixels) for the annotated face whose true points are <paramref name="truth"/>, or null when
    /// this framing finds nothing to match that face (it is then counted as missed and left out of the metrics).
    /// Called from many threads at once.
    /// </summary>
    public abstract Vector2[]? Predict(Image image, Vector2[] truth);
}
