// Base of every network component, shaped after torch.nn.Module: named parameters and buffers, child modules,
// train/eval mode, and a state dict whose dotted names (`backbone.conv1.weight`, `bn.running_mean`) and order
// (own parameters, own buffers, then children in registration order) match PyTorch's so weights interoperate.
namespace FaceAlign.Nn.Layers;

public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> parameters = [];
    private readonly List<(string Name, Tensor Value)> buffers = [];
    private List<(string Name, Module Value)> children = [];

    public bool IsTraining { get; private set; } = true;

    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckNewName(name);
        value.IsPersistent = true;
        value.RequiresGrad = true;
        parameters.Add((name, value));
        return value;
    }

    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckNewName(name);
        value.IsPersistent = true;
        buffers.Add((name, value));
        return value;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        children.Add((name, module));
        return module;
    }

    /// <summary>Swaps the child list wholesale (graph rewrites such as BatchNorm folding).</summary>
    protected void ReplaceChildren(IEnumerable<(string Name, Module Value)> replacement) => children = [.. replacement];

    /// <summary>Replaces the child registered as <paramref name="name"/> (an inference rewrite keeping the slot).</summary>
    protected void ReplaceChild(string name, Module replacement)
    {
        int index = children.FindIndex(c => c.Name == name);
        if (index < 0) throw new ArgumentException($"{GetType().Name} has no child '{name}'");
        children[index] = (name, replacement);
    }

    public IReadOnlyList<(string Name, Module Module)> Children => children;

    /// <summary>This module and every descendant, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in children)
            foreach (var m in child.Modules()) yield return m;
    }

    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (name, p) in parameters) yield return (name, p);
        foreach (var (childName, child) in children)
            foreach (var (name, p) in child.NamedParameters()) yield return (childName + "." + name, p);
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Parameters and buffers by dotted name, in PyTorch's state_dict order.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> StateDict()
    {
        var state = new List<(string, Tensor)>();
        CollectState("", state);
        return state;
    }

    private void CollectState(string prefix, List<(string, Tensor)> state)
    {
        foreach (var (name, p) in parameters) state.Add((prefix + name, p));
        foreach (var (name, b) in buffers) state.Add((prefix + name, b));
        foreach (var (name, child) in children) child.CollectState(prefix + name + ".", state);
    }

    /// <summary>
    /// Copies values in by name. Refuses, before changing anything, a missing or unexpected name, a wrong shape or a
    /// non-finite value, naming the first offender.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var own = StateDict();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source))
                throw new ModelStateException($"state dict is missing '{name}' (shape {NnThrow.Format(target.Shape)})");
            if (!source.Shape.AsSpan().SequenceEqual(target.Shape))
                throw new ModelStateException($"'{name}' has shape {NnThrow.Format(source.Shape)}, the model expects {NnThrow.Format(target.Shape)}");
            var values = source.Span;
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]))
                    throw new ModelStateException($"'{name}' holds a non-finite value ({values[i]}) at flat index {i}");
        }
        if (state.Count != own.Count)
        {
            var known = own.Select(s => s.Name).ToHashSet();
            var unexpected = state.Keys.First(k => !known.Contains(k));
            throw new ModelStateException($"state dict has unexpected entry '{unexpected}'");
        }
        foreach (var (name, target) in own) state[name].Span.CopyTo(target.Span);
    }

    /// <summary>Training mode (batch statistics, dropout) for this module and all descendants.</summary>
    public void Train(bool training = true)
    {
        foreach (var m in Modules()) m.IsTraining = training;
    }

    public void Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    private void CheckNewName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"invalid member name '{name}' (non-empty, no dots)");
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"member '{name}' is already registered on {GetType().Name}");
    }
}
