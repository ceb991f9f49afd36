// Reverse-mode sweep: order the graph above the root topologically (iteratively — networks are deep), seed the
// root's gradient, run each node's backward once, outputs before inputs. Intermediate gradients are released as
// soon as their node has run and the graph links are cut, as PyTorch frees the graph after backward.
namespace FaceAlign.Nn.Autograd;

internal static class BackwardPass
{
    public static void Run(Tensor root, Tensor seed)
    {
        if (root.GraphFreed) throw GraphReused();
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward: the tensor does not require grad (no parameter or input on its path requires grad, or it was computed under NoGrad)");
        var order = TopologicalOrder(root);
        System.Numerics.Tensors.TensorPrimitives.Add(root.GradOrCreate().Span, seed.Span, root.Grad!.Span);
        if (root.Node is null)
        {
            return; // a leaf: its gradient is the seed
        }
        using (NoGrad.Scope())
        {
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                var node = t.Node!;
                if (t.Grad is not null) node.Backward();
                t.Node = null;
                t.GraphFreed = true;
                t.ReleaseGrad();
            }
        }
    }

    private static InvalidOperationException GraphReused() =>
        new("Backward: part of this graph was already consumed by an earlier backward pass (recompute the forward)");

    /// <summary>Non-leaf tensors reachable from root, each after all of its inputs (post-order).</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int NextInput)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.Node?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var input = inputs[next];
                if (input.GraphFreed) throw GraphReused();
                if (input.Node is not null && visited.Add(input)) stack.Push((input, 0));
            }
            else if (t.Node is not null)
            {
                order.Add(t);
            }
        }
        return order;
    }
}
