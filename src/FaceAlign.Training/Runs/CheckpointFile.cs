// A resumable training checkpoint in one safetensors file: each module's state dict under its prefix ("model.",
// "aux."), the optimiser state under "optim.", and string metadata naming the kind of run and where it stands.
// Written to a temporary file and renamed, so a crash never leaves half a checkpoint.
using System.Globalization;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;
using FaceAlign.Training.Optim;

namespace FaceAlign.Training.Runs;

public static class CheckpointFile
{
    private const string OptimizerPrefix = "optim.";

    public static void Save(string path, string kind, IEnumerable<(string Prefix, Module Module)> modules, Optimizer optimizer,
        IReadOnlyDictionary<string, string> metadata)
    {
        var entries = modules.SelectMany(m => ModuleWeights.Entries(m.Module, m.Prefix))
            .Concat(optimizer.State().Select(s => (OptimizerPrefix + s.Name, (int[])s.Value.Shape.Clone(), (ReadOnlyMemory<float>)s.Value.ToArray())));
        var all = new Dictionary<string, string>(metadata) { ["format"] = "pt", ["kind"] = kind };
        string temp = path + ".tmp";
        SafeTensorsFile.Write(temp, entries, all);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Restores the modules and the optimiser in place from a checkpoint of <paramref name="kind"/> and returns its
    /// metadata. Refuses another kind of file, and (via the modules' strict loading) any missing or mis-shaped tensor.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string path, string kind, IEnumerable<(string Prefix, Module Module)> modules, Optimizer optimizer)
    {
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue("kind", out var found) || found != kind)
            throw new SafeTensorsFormatException($"{path}: not a {kind} training checkpoint");
        foreach (var (prefix, module) in modules) ModuleWeights.Load(module, file, prefix);
        var state = file.Entries.Where(e => e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Name[OptimizerPrefix.Length..], e => Tensor.FromArray(file.ReadFloat32(e.Name), e.Shape));
        optimizer.LoadState(state);
        return file.Metadata;
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static int Int(IReadOnlyDictionary<string, string> metadata, string key, string source) =>
        metadata.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            ? i
            : throw new SafeTensorsFormatException($"{source}: checkpoint metadata '{key}' is missing or not an integer");

    public static float Float(IReadOnlyDictionary<string, string> metadata, string key, string source) =>
        metadata.TryGetValue(key, out var v) && float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)
            ? f
            : throw new SafeTensorsFormatException($"{source}: checkpoint metadata '{key}' is missing or not a number");
}
