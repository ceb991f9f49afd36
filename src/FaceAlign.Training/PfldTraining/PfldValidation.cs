// Validation during training: the model in eval mode on un-augmented crops framed by each face's ground-truth
// landmark box (the 300-W protocol), scored by per-face inter-ocular NME.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Training.PfldTraining;

public static class PfldValidation
{
    /// <summary>Inter-ocular NME of every face in <paramref name="data"/>.</summary>
    public static float[] InterOcularNme(Models.Pfld model, PfldDataset data, int batchSize = 32)
    {
        model.Eval();
        int points = data.Scheme.PointCount, plane = 3 * Models.Pfld.InputSize * Models.Pfld.InputSize;
        var builder = new PfldBatchBuilder(data, PfldAugmentation.None, AttributeWeights.FromValues(new float[6]));
        var nmes = new float[data.Count];
        var images = new float[batchSize * plane];
        var targets = new float[batchSize * 2 * points];
        var angles = new float[batchSize * 3];
        var weights = new float[batchSize];
        var predicted = new Vector2[points];
        var indices = Enumerable.Range(0, data.Count).ToArray();
        using var _ = NoGrad.Scope();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            builder.Fill(indices.AsSpan(start, n), 0, 0, images, targets, angles, weights);
            using var scope = new TensorScope();
            var output = model.Forward(Tensor.FromArray(images.AsSpan(0, n * plane), n, 3, Models.Pfld.InputSize, Models.Pfld.InputSize)).Landmarks.Span;
            for (int i = 0; i < n; i++)
            {
                var truth = data.Samples[start + i].Landmarks;
                var crop = FaceCrop.FromLandmarkBox(Box.FromPoints(truth), Models.Pfld.InputSize);
                for (int k = 0; k < points; k++)
                    predicted[k] = crop.ToImage(new Vector2(output[i * 2 * points + 2 * k], output[i * 2 * points + 2 * k + 1]));
                nmes[start + i] = Nme.Compute(predicted, truth, data.Scheme, NmeNormalisation.InterOcular);
            }
        }
        return nmes;
    }
}
