// Base of the optimisers: a named parameter list, a learning rate a schedule may change between steps, and the
// per-parameter state exposed as named tensors ("<param>.exp_avg", "<param>.step", ...) so a checkpoint can
// save and restore it. Parameters whose gradient was never created are skipped, as PyTorch skips grad=None.
using FaceAlign.Nn;

namespace FaceAlign.Training.Optim;

public abstract class Optimizer
{
    private readonly List<(string Name, Tensor Value)> state = [];

    protected Optimizer(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate)
    {
        Parameters = [.. parameters];
        if (Parameters.Count == 0) throw new ArgumentException("optimiser: no parameters to optimise");
        LearningRate = learningRate;
    }

    public IReadOnlyList<(string Name, Tensor Parameter)> Parameters { get; }

    /// <summary>A double, as PyTorch's Python float: schedules and bias corrections are computed at that precision.</summary>
    public double LearningRate { get; set; }

    public abstract void Step();

    public void ZeroGrad()
    {
        foreach (var (_, p) in Parameters) p.ZeroGrad();
    }

    /// <summary>The optimiser's state tensors by name (live: saving them and later <see cref="LoadState"/> resumes).</summary>
    public IReadOnlyList<(string Name, Tensor Value)> State() => state;

    /// <summary>Restores every state tensor; refuses a missing name or a shape mismatch before changing anything.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> saved)
    {
        foreach (var (name, t) in state)
        {
            if (!saved.TryGetValue(name, out var s)) throw new ArgumentException($"optimiser state is missing '{name}'");
            if (!s.Shape.AsSpan().SequenceEqual(t.Shape))
                throw new ArgumentException($"optimiser state '{name}' has shape ({string.Join(", ", s.Shape)}), expected ({string.Join(", ", t.Shape)})");
        }
        foreach (var (name, t) in state) saved[name].Span.CopyTo(t.Span);
    }

    /// <summary>A zero-filled state tensor registered under "<paramref name="parameterName"/>.<paramref name="key"/>".</summary>
    protected Tensor AddState(string parameterName, string key, int[] shape)
    {
        var t = Tensor.Zeros(shape);
        t.IsPersistent = true;
        state.Add((parameterName + "." + key, t));
        return t;
    }
}
