// A resumable training checkpoint in one safetensors file: the model under "model.", the auxiliary network under
// "aux.", the optimiser state under "optim.", and in the metadata where the run stands (epoch, next batch, step, best
// NME) and the attribute class weights. Written to a temporary file and renamed, so a crash never leaves half a file.
using System.Globalization;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;
using FaceAlign.Training.Optim;

namespace FaceAlign.Training.PfldTraining;

public sealed record PfldCheckpoint(int Epoch, int NextBatch, int Step, float BestNme, float[] ClassWeights)
{
    public static void Save(string path, PfldCheckpoint where, Module model, Module aux, Optimizer optimizer, string optionsJson)
    {
        var entries = ModuleWeights.Entries(model, "model.")
            .Concat(ModuleWeights.Entries(aux, "aux."))
            .Concat(optimizer.State().Select(s => ("optim." + s.Name, (int[])s.Value.Shape.Clone(), (ReadOnlyMemory<float>)s.Value.ToArray())));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["kind"] = "facealign-pfld-checkpoint",
            ["epoch"] = Text(where.Epoch),
            ["next_batch"] = Text(where.NextBatch),
            ["step"] = Text(where.Step),
            ["best_nme"] = where.BestNme.ToString("R", CultureInfo.InvariantCulture),
            ["class_weights"] = string.Join(",", where.ClassWeights.Select(w => w.ToString("R", CultureInfo.InvariantCulture))),
            ["options"] = optionsJson,
        };
        string temp = path + ".tmp";
        SafeTensorsFile.Write(temp, entries, metadata);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Restores model, aux and optimiser state in place and returns where the run stood.</summary>
    public static PfldCheckpoint Load(string path, Module model, Module aux, Optimizer optimizer)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue("kind", out var kind) || kind != "facealign-pfld-checkpoint")
            throw new SafeTensorsFormatException($"{path}: not a FaceAlign PFLD training checkpoint");
        ModuleWeights.Load(model, file, "model.");
        ModuleWeights.Load(aux, file, "aux.");
        var state = file.Entries.Where(e => e.Name.StartsWith("optim.", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["optim.".Length..], e => Tensor.FromArray(file.ReadFloat32(e.Name), e.Shape));
        optimizer.LoadState(state);
        return new PfldCheckpoint(
            Int(file, "epoch"), Int(file, "next_batch"), Int(file, "step"),
            float.Parse(file.Metadata["best_nme"], CultureInfo.InvariantCulture),
            file.Metadata["class_weights"].Split(',').Select(w => float.Parse(w, CultureInfo.InvariantCulture)).ToArray());
    }

    private static string Text(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static int Int(SafeTensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            ? i
            : throw new SafeTensorsFormatException($"{file.Source}: checkpoint metadata '{key}' is missing or not an integer");
}
