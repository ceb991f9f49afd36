using FaceAlign.Detection;

namespace FaceAlign.Training.DetectorTraining;

/// <summary>A detector over a copy of a network in training (the copy is folded for inference; the original is untouched).</summary>
internal static class DetectorSnapshot
{
    public static FaceDetector Of(RetinaFace model, FaceDetectorOptions options)
    {
        var copy = new RetinaFace(pyramidChannels: model.PyramidChannels);
        copy.LoadStateDict(model.StateDict().ToDictionary(s => s.Name, s => s.Value));
        return new FaceDetector(copy, options);
    }
}
