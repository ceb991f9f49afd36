// How `facealign eval` frames an annotated face before the landmark model sees it: by the face's own ground-truth
// landmark box (TruthBoxFraming, the 300-W protocol) or by the detector, as the product does (DetectorBoxFraming).
using System.Numerics;
using FaceAlign.Imaging;
using FaceAlign.Kernels;
using FaceAlign.Training.Data;

namespace FaceAlign.Training.Evaluation;

public abstract class LandmarkFraming
{
    /// <summary>Where the boxes come from, as the report names it: "truth" or "detector".</summary>
    public abstract string Boxes { get; }

    /// <summary>
    /// Landmarks (image pixels) for each annotated face of one image, whose true points are <paramref name="truths"/>,
    /// in their order; null for a face this framing finds nothing to match (it is then counted as missed and left out
    /// of the metrics). Called from many threads at once.
    /// </summary>
    public abstract Vector2[]?[] Predict(Image image, IReadOnlyList<Vector2[]> truths);

    /// <summary>
    /// Every sample's landmarks (null when missed), in the samples' order. Faces are grouped by image, so an image
    /// holding several annotated faces is decoded — and, with the detector, analysed — once. Images run in parallel on
    /// <paramref name="threads"/> workers with one kernel thread each (parallelism over images scales best): each runs
    /// as a compute worker (ComputeThreads.EnterWorker), so the process-wide thread count is left alone.
    /// <paramref name="load"/> decodes an image path and reports its failures.
    /// </summary>
    public Vector2[]?[] PredictAll(IReadOnlyList<LandmarkSample> samples, int threads, Func<string, Image> load)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var images = Enumerable.Range(0, samples.Count).GroupBy(i => samples[i].ImagePath, StringComparer.Ordinal).ToList();
        var predicted = new Vector2[]?[samples.Count];
        Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = threads }, faces =>
        {
            using var worker = ComputeThreads.EnterWorker();
            var answers = Predict(load(faces.Key), faces.Select(i => samples[i].Landmarks).ToList());
            int k = 0;
            foreach (int i in faces)
                predicted[i] = answers[k++];
        });
        return predicted;
    }
}
