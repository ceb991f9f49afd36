// The numbers a landmark evaluation reports (what `facealign eval` prints and writes as JSON): NME by every
// normaliser, failure rate and AUC at the threshold (inter-ocular), the mean error of each landmark and the CED curve.
using System.Numerics;
using FaceAlign.Landmarks;

namespace FaceAlign.Training.Evaluation;

public sealed record LandmarkReport(
    int Faces,
    double MeanNmeInterOcular,
    double MedianNmeInterOcular,
    double MeanNmeInterPupil,
    double MeanNmeBox,
    double FailureRate,
    double Auc,
    double Threshold,
    float[] PerLandmarkInterOcular,
    (double Error, double Fraction)[] Ced,
    float[] FaceNmesInterOcular)
{
    /// <summary>Scores predictions against ground truth, face by face (both in image pixels).</summary>
    public static LandmarkReport Compute(IReadOnlyList<Vector2[]> predicted, IReadOnlyList<Vector2[]> truth, LandmarkScheme scheme,
        double threshold = FailureRateAuc.DefaultThreshold)
    {
        if (predicted.Count != truth.Count) throw new ArgumentException($"{predicted.Count} predictions for {truth.Count} faces");
        if (truth.Count == 0) throw new ArgumentException("no faces to evaluate");
        int n = truth.Count, points = scheme.PointCount;
        var io = new float[n];
        var ip = new float[n];
        var box = new float[n];
        var perLandmark = new double[points];
        var errors = new float[points];
        for (int i = 0; i < n; i++)
        {
            io[i] = Nme.Compute(predicted[i], truth[i], scheme, NmeNormalisation.InterOcular);
            ip[i] = Nme.Compute(predicted[i], truth[i], scheme, NmeNormalisation.InterPupil);
            box[i] = Nme.Compute(predicted[i], truth[i], scheme, NmeNormalisation.BoxSize);
            Nme.PerLandmark(predicted[i], truth[i], scheme, NmeNormalisation.InterOcular, errors);
            for (int k = 0; k < points; k++) perLandmark[k] += errors[k];
        }
        var sorted = (float[])io.Clone();
        Array.Sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        var summary = FailureRateAuc.Compute(io, threshold);
        return new LandmarkReport(n, io.Average(), median, ip.Average(), box.Average(), summary.FailureRate, summary.Auc, threshold,
            perLandmark.Select(e => (float)(e / n)).ToArray(), Evaluation.Ced.Points(io, threshold), io);
    }
}
