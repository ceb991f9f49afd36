// A dense float32 tensor, contiguous and row-major (NCHW for images), with its storage drawn from TensorPool and an
// optional gradient for reverse-mode autograd. Not a view type: reshapes copy, so each tensor owns its storage.
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn;

public sealed class Tensor : IDisposable
{
    private float[] data;

    /// <summary>A new tensor owned by the current <see cref="TensorScope"/> (if any); zero-filled when asked.</summary>
    internal Tensor(int[] shape, bool clear)
    {
        Shape = shape;
        Length = CheckedLength(shape);
        data = TensorPool.Rent(Length, clear);
        TensorScope.Track(this);
    }

    public int[] Shape { get; }

    public int Length { get; }

    public int Rank => Shape.Length;

    /// <summary>The pooled array behind <see cref="Span"/> (may be longer); for closures that cannot hold spans.</summary>
    internal float[] Buffer => data;

    /// <summary>The values, in row-major order.</summary>
    public Span<float> Span => IsDisposed
        ? throw new ObjectDisposedException(nameof(Tensor), $"Tensor{NnThrow.Format(Shape)} was disposed (its TensorScope ended?) and its storage recycled")
        : data.AsSpan(0, Length);

    /// <summary>Whether backward computes a gradient for this tensor (set on leaves; derived for op outputs).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>∂loss/∂this after <see cref="Backward()"/> (leaves only; intermediate gradients are released).</summary>
    public Tensor? Grad { get; private set; }

    /// <summary>Parameters and buffers: never released by a <see cref="TensorScope"/>.</summary>
    public bool IsPersistent { get; internal set; }

    /// <summary>The operation that produced this tensor, when it was recorded for autograd.</summary>
    internal GraphNode? Node { get; set; }

    /// <summary>Set once a backward pass has consumed (and cut) the graph that produced this tensor.</summary>
    internal bool GraphFreed { get; set; }

    public bool IsDisposed { get; private set; }

    public static Tensor Zeros(params int[] shape) => new((int[])shape.Clone(), clear: true);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor((int[])shape.Clone(), clear: false);
        t.Span.Fill(value);
        return t;
    }

    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        var t = new Tensor((int[])shape.Clone(), clear: false);
        if (values.Length != t.Length)
            throw new ArgumentException($"FromArray: {values.Length} values do not fill shape {NnThrow.Format(shape)}");
        values.CopyTo(t.Span);
        return t;
    }

    public static Tensor Scalar(float value) => FromArray([value]);

    /// <summary>Uniform values in [low, high) from a seeded generator.</summary>
    public static Tensor Uniform(Random rng, float low, float high, params int[] shape)
    {
        var t = new Tensor((int[])shape.Clone(), clear: false);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = low + (high - low) * rng.NextSingle();
        return t;
    }

    /// <summary>Normal values N(mean, std²) from a seeded generator (Box–Muller), for nn.init.normal_-style heads.</summary>
    public static Tensor Normal(Random rng, float mean, float std, params int[] shape)
    {
        var t = new Tensor((int[])shape.Clone(), clear: false);
        var s = t.Span;
        for (int i = 0; i < s.Length; i += 2)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u1));
            s[i] = (float)(mean + std * r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < s.Length) s[i + 1] = (float)(mean + std * r * Math.Sin(2 * Math.PI * u2));
        }
        return t;
    }

    /// <summary>Uninitialised storage for an op's output: the op writes every element.</summary>
    internal static Tensor Empty(params int[] shape) => new(shape, clear: false);

    /// <summary>A dimension, counting from the end when negative.</summary>
    public int Dim(int axis) => Shape[axis < 0 ? Shape.Length + axis : axis];

    public float Item()
    {
        if (Length != 1) throw NnThrow.Shape("Item", "expects a one-element tensor", this);
        return data[0];
    }

    public float[] ToArray() => Span.ToArray();

    /// <summary>A copy with no autograd history.</summary>
    public Tensor Clone()
    {
        var t = Empty((int[])Shape.Clone());
        Span.CopyTo(t.Span);
        return t;
    }

    /// <summary>The gradient buffer, allocated zero-filled on first use.</summary>
    internal Tensor GradOrCreate()
    {
        if (Grad is null)
        {
            // The gradient belongs to this tensor, not to a scope: it is released with its owner.
            Grad = new Tensor((int[])Shape.Clone(), clear: true, track: false);
        }
        return Grad;
    }

    /// <summary>
    /// The gradient buffer; when it did not exist yet it is allocated without zeroing and <paramref name="fresh"/> is
    /// true, and the caller must then write every element (instead of accumulating), saving a pass over memory.
    /// </summary>
    internal Tensor GradOrCreateUncleared(out bool fresh)
    {
        fresh = Grad is null;
        if (fresh) Grad = new Tensor((int[])Shape.Clone(), clear: false, track: false);
        return Grad!;
    }

    /// <summary>The gradient span to accumulate into, or empty when no gradient is wanted for this tensor.</summary>
    internal Span<float> GradSpanIfRequired() => RequiresGrad ? GradOrCreate().Span : default;

    public void ZeroGrad() => Grad?.Span.Clear();

    internal void ReleaseGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    /// <summary>Back-propagates from this one-element tensor (seed 1).</summary>
    public void Backward()
    {
        if (Length != 1) throw NnThrow.Shape("Backward", "needs a one-element loss; pass a seed gradient otherwise", this);
        using var seed = new Tensor([.. Shape], clear: false, track: false);
        seed.Span[0] = 1f;
        BackwardPass.Run(this, seed);
    }

    /// <summary>Back-propagates a seed gradient of this tensor's shape (a vector–Jacobian product).</summary>
    public void Backward(Tensor seed)
    {
        NnThrow.SameShape("Backward", this, seed);
        BackwardPass.Run(this, seed);
    }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        TensorPool.Return(data);
        data = [];
        ReleaseGrad();
        Node = null;
    }

    public override string ToString() => $"Tensor{NnThrow.Format(Shape)}";

    private Tensor(int[] shape, bool clear, bool track)
    {
        Shape = shape;
        Length = CheckedLength(shape);
        data = TensorPool.Rent(Length, clear);
        if (track) TensorScope.Track(this);
    }

    private static int CheckedLength(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor: negative dimension in shape {NnThrow.Format(shape)}");
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"Tensor: shape {NnThrow.Format(shape)} is too large");
        }
        return (int)n;
    }
}
