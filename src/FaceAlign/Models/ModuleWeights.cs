// Moves a Module's state dict to and from safetensors files, so weights trained here load in PyTorch and the other
// way round. Names are the module's dotted state-dict names, optionally under a prefix ("aux.", "optim.") so one
// checkpoint file can hold several modules.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Models;

public static class ModuleWeights
{
    /// <summary>The module's state dict as (prefixed name, shape, values) for <see cref="SafeTensorsFile.Write"/>.</summary>
    public static IEnumerable<(string name, int[] shape, ReadOnlyMemory<float> data)> Entries(Module module, string prefix = "") =>
        module.StateDict().Select(s => (prefix + s.Name, (int[])s.Value.Shape.Clone(), (ReadOnlyMemory<float>)s.Value.ToArray()));

    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsFile.Write(path, Entries(module), metadata);

    /// <summary>
    /// Loads the entries named <paramref name="prefix"/> + a state-dict name into <paramref name="module"/>. Entries
    /// under other prefixes listed in <paramref name="otherPrefixes"/> are ignored; any other surplus or missing name,
    /// wrong shape or non-finite value is refused (nothing is changed) with a message naming the file and the tensor.
    /// </summary>
    public static void Load(Module module, SafeTensorsFile file, string prefix = "", params string[] otherPrefixes)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in file.Entries)
        {
            if (!entry.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (otherPrefixes.Any(p => p.Length > prefix.Length && entry.Name.StartsWith(p, StringComparison.Ordinal))) continue;
            var values = file.ReadFloat32(entry.Name);
            // PyTorch stores a scalar as shape [] and our BatchNorm's counter likewise; both hold one value.
            state[entry.Name[prefix.Length..]] = Tensor.FromArray(values, entry.Shape);
        }
        try
        {
            module.LoadStateDict(state);
        }
        catch (ModelStateException e)
        {
            throw new ModelStateException($"{file.Source}: {e.Message}");
        }
    }

    /// <summary>
    /// Loads only the entries whose name (<paramref name="prefix"/> + a state-dict name) and shape match the module's;
    /// every other tensor of the module keeps its values, and counters (0-d tensors such as BatchNorm's
    /// num_batches_tracked, which mean nothing in another model) are left alone. The same checks and all-or-nothing
    /// update as <see cref="Load(Module, SafeTensorsFile, string, string[])"/>. Returns how many tensors were loaded.
    /// </summary>
    public static int LoadMatching(Module module, SafeTensorsFile file, string prefix = "")
    {
        var entries = file.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        int loaded = 0;
        foreach (var (name, own) in module.StateDict())
        {
            if (own.Rank > 0 && entries.TryGetValue(prefix + name, out var entry) && entry.Shape.AsSpan().SequenceEqual(own.Shape))
            {
                state[name] = Tensor.FromArray(file.ReadFloat32(entry.Name), entry.Shape);
                loaded++;
            }
            else
                state[name] = own;  // copied onto itself
        }
        try
        {
            module.LoadStateDict(state);
        }
        catch (ModelStateException e)
        {
            throw new ModelStateException($"{file.Source}: {e.Message}");
        }
        return loaded;
    }

    public static void Load(Module module, string path, string prefix = "", params string[] otherPrefixes) =>
        Load(module, SafeTensorsFile.Read(path), prefix, otherPrefixes);
}
