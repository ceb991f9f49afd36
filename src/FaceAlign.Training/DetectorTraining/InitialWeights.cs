// Warm starts: a new model takes what fits from a trained one. Used to give a detector with a different pyramid width
// the backbone (and anything else of the same shape) of an earlier detector, instead of starting from noise.
using FaceAlign.Detection;
using FaceAlign.Models;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Training.DetectorTraining;

public static class InitialWeights
{
    /// <summary>
    /// Loads every tensor of <paramref name="path"/> whose name (after an optional "module." prefix) and shape match a
    /// weight tensor of <paramref name="model"/> (<see cref="ModuleWeights.LoadMatching"/>); returns how many were
    /// copied out of the model's weight tensors. A file that matches nothing is refused; so is a non-finite value, with
    /// the model unchanged.
    /// </summary>
    public static (int Copied, int Total) CopyMatching(Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = SafeTensorsFile.Read(path);
        int copied = ModuleWeights.LoadMatching(model, file, FaceDetector.WeightsPrefix(file));
        if (copied == 0)
            throw new SafeTensorsFormatException($"{file.Source}: no tensor matches the model by name and shape; nothing to start from");
        return (copied, model.StateDict().Count(s => s.Value.Rank > 0));
    }
}
