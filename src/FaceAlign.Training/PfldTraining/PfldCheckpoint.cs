// A resumable PFLD training checkpoint (through the shared CheckpointFile): the model under "model.", the auxiliary
// network under "aux.", the optimiser state under "optim.", and in the metadata where the run stands (epoch, next
// batch, step, best NME) and the attribute class weights.
using System.Globalization;
using FaceAlign.Nn.Layers;
using FaceAlign.Training.Optim;
using FaceAlign.Training.Runs;

namespace FaceAlign.Training.PfldTraining;

public sealed record PfldCheckpoint(int Epoch, int NextBatch, int Step, float BestNme, float[] ClassWeights)
{
    public const string Kind = "facealign-pfld-checkpoint";

    public static void Save(string path, PfldCheckpoint where, Module model, Module aux, Optimizer optimizer, string optionsJson) =>
        CheckpointFile.Save(path, Kind, [("model.", model), ("aux.", aux)], optimizer, new Dictionary<string, string>
        {
            ["epoch"] = CheckpointFile.Text(where.Epoch),
            ["next_batch"] = CheckpointFile.Text(where.NextBatch),
            ["step"] = CheckpointFile.Text(where.Step),
            ["best_nme"] = CheckpointFile.Text(where.BestNme),
            ["class_weights"] = string.Join(",", where.ClassWeights.Select(CheckpointFile.Text)),
            ["options"] = optionsJson,
        });

    /// <summary>Restores model, aux and optimiser state in place and returns where the run stood.</summary>
    public static PfldCheckpoint Load(string path, Module model, Module aux, Optimizer optimizer)
    {
        var metadata = CheckpointFile.Load(path, Kind, [("model.", model), ("aux.", aux)], optimizer);
        return new PfldCheckpoint(
            CheckpointFile.Int(metadata, "epoch", path), CheckpointFile.Int(metadata, "next_batch", path), CheckpointFile.Int(metadata, "step", path),
            CheckpointFile.Float(metadata, "best_nme", path),
            metadata["class_weights"].Split(',').Select(w => float.Parse(w, CultureInfo.InvariantCulture)).ToArray());
    }
}
