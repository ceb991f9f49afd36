// Where a RetinaFace training run stands, saved with the model ("model.") and optimiser ("optim.") in one safetensors
// file through the shared CheckpointFile.
using FaceAlign.Detection;
using FaceAlign.Training.Optim;
using FaceAlign.Training.Runs;

namespace FaceAlign.Training.DetectorTraining;

public sealed record RetinaFaceCheckpoint(int Epoch, int NextBatch, int Step, float BestAp)
{
    public const string Kind = "facealign-retinaface-checkpoint";

    public static void Save(string path, RetinaFaceCheckpoint where, RetinaFace model, Optimizer optimizer, string optionsJson) =>
        CheckpointFile.Save(path, Kind, [("model.", model)], optimizer, new Dictionary<string, string>
        {
            ["epoch"] = CheckpointFile.Text(where.Epoch),
            ["next_batch"] = CheckpointFile.Text(where.NextBatch),
            ["step"] = CheckpointFile.Text(where.Step),
            ["best_ap"] = CheckpointFile.Text(where.BestAp),
            ["options"] = optionsJson,
        });

    /// <summary>Restores model and optimiser in place and returns where the run stood.</summary>
    public static RetinaFaceCheckpoint Load(string path, RetinaFace model, Optimizer optimizer)
    {
        var metadata = CheckpointFile.Load(path, Kind, [("model.", model)], optimizer);
        return new RetinaFaceCheckpoint(CheckpointFile.Int(metadata, "epoch", path), CheckpointFile.Int(metadata, "next_batch", path),
            CheckpointFile.Int(metadata, "step", path), CheckpointFile.Float(metadata, "best_ap", path));
    }
}
