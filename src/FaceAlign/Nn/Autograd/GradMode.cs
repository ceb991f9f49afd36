// Whether ops record autograd history on this thread. `using (NoGrad.Scope())` turns recording off, as
// torch.no_grad() does; inference should run inside it so no graph (and no gradient storage) is built.
namespace FaceAlign.Nn.Autograd;

public static class GradMode
{
    [ThreadStatic] private static bool disabled;

    public static bool IsEnabled => !disabled;

    internal static bool Set(bool enabled)
    {
        bool previous = !disabled;
        disabled = !enabled;
        return previous;
    }

    /// <summary>Records <paramref name="backward"/> on <paramref name="output"/> when any input needs a gradient.</summary>
    internal static bool Record(Tensor output, Action backward, params Tensor[] inputs)
    {
        if (disabled) return false;
        bool any = false;
        foreach (var t in inputs) any |= t.RequiresGrad;
        if (!any) return false;
        output.RequiresGrad = true;
        output.Node = new GraphNode(inputs, backward);
        return true;
    }

    /// <summary>
    /// True when an op on <paramref name="input"/> will be recorded. Ops test this before building their backward
    /// closure, so inference allocates none.
    /// </summary>
    internal static bool WillRecord(Tensor input) => !disabled && input.RequiresGrad;

    /// <summary>True when an op on these inputs will be recorded (so it must keep what backward needs).</summary>
    internal static bool WillRecord(params Tensor[] inputs)
    {
        if (disabled) return false;
        foreach (var t in inputs) if (t.RequiresGrad) return true;
        return false;
    }
}
