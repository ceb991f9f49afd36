// The autograd machinery itself: accumulation when a tensor feeds several ops, NoGrad, release of intermediate
// gradients and graph after backward, and a scope that recycles a step's tensors.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Tests.Nn;

public class AutogradTests
{
    [Fact]
    public void A_tensor_used_twice_accumulates_both_gradients()
    {
        // f = Σ (x ⊙ x + 3x) → ∂f/∂x = 2x + 3
        var x = Tensor.FromArray([1, -2, 0.5f], 3);
        x.RequiresGrad = true;
        Functional.Sum(Functional.Add(Functional.Mul(x, x), Functional.Scale(x, 3))).Backward();
        Assert.Equal([5f, -1f, 4f], x.Grad!.ToArray());

        // Leaf gradients accumulate across backward calls until zeroed, as in PyTorch.
        Functional.Sum(x).Backward();
        Assert.Equal([6f, 0f, 5f], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void NoGrad_records_nothing_and_restores_on_exit()
    {
        var x = Tensor.FromArray([1, 2], 2);
        x.RequiresGrad = true;
        Tensor y;
        using (NoGrad.Scope())
        {
            y = Functional.Relu(x);
            Assert.False(GradMode.IsEnabled);
        }
        Assert.True(GradMode.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => Functional.Sum(y).Backward());
        Assert.True(Functional.Relu(x).RequiresGrad);
    }

    [Fact]
    public void Backward_releases_intermediate_gradients_and_the_graph()
    {
        var x = Tensor.FromArray([1, 2], 1, 2);
        x.RequiresGrad = true;
        var hidden = Functional.Relu(x);
        var loss = Functional.Sum(hidden);
        loss.Backward();
        Assert.Null(hidden.Grad);
        Assert.NotNull(x.Grad);
        Assert.Throws<InvalidOperationException>(() => loss.Backward());  // the graph is gone, as in PyTorch
    }

    [Fact]
    public void A_scope_disposes_its_tensors_but_not_persistent_ones()
    {
        var keep = Tensor.Zeros(3);
        Tensor inner, kept;
        using (var scope = new TensorScope())
        {
            inner = Functional.Relu(keep);
            kept = scope.Keep(Functional.Relu(keep));
        }
        Assert.True(inner.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => inner.Span[0]);
        Assert.False(kept.IsDisposed);
        Assert.False(keep.IsDisposed);
    }

    [Fact]
    public void Released_pool_memory_counts_the_free_arrays()
    {
        using (new TensorScope()) Tensor.Zeros(12345);  // one array of 12,345 floats goes back to the pool
        // Other tests may pool arrays concurrently, so only a lower bound is certain.
        Assert.True(TensorScope.ReleasePooledMemory() >= 12345 * sizeof(float));
    }

    [Fact]
    public void Normal_init_has_the_requested_moments()
    {
        var values = Tensor.Normal(new Random(1), 2f, 0.5f, 20001).ToArray();
        double mean = values.Average(), std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, 1.98, 2.02);  // standard error 0.5/√20001 ≈ 0.0035
        Assert.InRange(std, 0.49, 0.51);
    }

    [Fact]
    public void Deep_chains_do_not_overflow_the_stack()
    {
        var x = Tensor.FromArray([1f], 1);
        x.RequiresGrad = true;
        var h = x;
        for (int i = 0; i < 20000; i++) h = Functional.Scale(h, 1f);
        h.Backward();
        Assert.Equal(1f, x.Grad!.Item());
    }
}
