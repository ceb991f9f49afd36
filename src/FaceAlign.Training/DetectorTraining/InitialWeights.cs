// Warm starts: a new model takes what fits from a trained one. Used to give a detector with a different pyramid width
// the backbone (and anything else of the same shape) of an earlier detector, instead of starting from noise.
using FaceAlign.Detection;
using FaceAlign.Models;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Training.DetectorTraining;

public static class InitialWeights
{
    /// <summary>
    /// Copies every tensor of <paramref name="path"/> whose name (after an optional "module." prefix) and shape match a
    /// tensor of <paramref name="model"/>'s state dict; returns how many were copied out of the model's weight tensors. Counters
    /// (0-d tensors such as BatchNorm's num_batches_tracked) are not weights and are left alone. A file that matches
    /// nothing is refused, as is a non-finite value in a copied tensor.
    /// </summary>
    public static (int Copied, int Total) CopyMatching(Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = SafeTensorsFile.Read(path);
        string prefix = FaceDetector.WeightsPrefix(file);
        var entries = file.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var state = model.StateDict();
        int copied = 0;
        foreach (var (name, tensor) in state)
        {
            if (tensor.Rank == 0 || !entries.TryGetValue(prefix + name, out var entry) || !entry.Shape.AsSpan().SequenceEqual(tensor.Shape)) continue;
            var values = file.ReadFloat32(entry.Name);
            foreach (float v in values)
            {
                if (!float.IsFinite(v))
                    throw new SafeTensorsFormatException($"{file.Source}: tensor '{entry.Name}' holds a non-finite value");
            }
            values.CopyTo(tensor.Span);
            copied++;
        }
        if (copied == 0)
            throw new SafeTensorsFormatException($"{file.Source}: no tensor matches the model by name and shape; nothing to start from");
        return (copied, state.Count(s => s.Value.Rank > 0));
    }
}
