// Validation during detector training: a folded copy of the network runs as a FaceDetector (threshold 0.02, as
// RetinaFace's WIDER evaluation) on held-out samples, scored by AP@0.5 and by recall/precision at score 0.5.
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Nn;
using FaceAlign.Training.DetectionData;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Training.DetectorTraining;

public static class DetectorValidation
{
    /// <summary>Fixed seeds of the held-out samples, independent of any run's seed so runs compare on the same images.</summary>
    public static long Seed(int index) => SampleSeeds.Mix(0x7A11_DA7E_5EED_0001L, index);

    public static IReadOnlyList<DetectionSample> Samples(IDetectionSampleSource source, int count) =>
        Enumerable.Range(0, count).AsParallel().AsOrdered().Select(i => source.Sample(Seed(i))).ToList();

    /// <summary>Scores <paramref name="model"/> (left unchanged: a copy is folded) on <paramref name="samples"/>.</summary>
    public static DetectionScores Evaluate(RetinaFace model, IReadOnlyList<DetectionSample> samples)
    {
        var detector = DetectorSnapshot.Of(model, FaceDetectorOptions.Default with { ScoreThreshold = 0.02f });
        var truths = new List<DetectionGroundTruth>(samples.Count);
        var detections = new List<IReadOnlyList<DetectedFace>>(samples.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            detections.Add(detector.Detect(samples[i].Image));
            truths.Add(new DetectionGroundTruth($"validation sample {i}", samples[i].Faces.Where(f => !f.Box.IsEmpty).Select(f => f.Box).ToList(), []));
        }
        TensorScope.ReleasePooledMemory();  // validation sizes differ from training's; do not let their buffers linger
        var report = AveragePrecision.Evaluate(truths, detections, scoreThreshold: 0.5);
        int counted = report.TruePositives + report.FalsePositives;
        return new DetectionScores((float)report.Ap, report.Faces == 0 ? 0 : report.TruePositives / (float)report.Faces,
            counted == 0 ? 0 : report.TruePositives / (float)counted, report.Faces, detections.Sum(d => d.Count));
    }
}
