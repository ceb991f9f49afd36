// Throw helpers for the NN engine: every shape or argument error names the operation and the shapes involved.
namespace FaceAlign.Nn;

internal static class NnThrow
{
    public static string Format(ReadOnlySpan<int> shape) => "(" + string.Join(", ", shape.ToArray()) + ")";

    public static ArgumentException Shape(string op, string what, Tensor t) =>
        new($"{op}: {what}, got shape {Format(t.Shape)}");

    public static ArgumentException Shapes(string op, string what, Tensor a, Tensor b) =>
        new($"{op}: {what}, got shapes {Format(a.Shape)} and {Format(b.Shape)}");

    public static void Rank(string op, Tensor t, int rank, string legend)
    {
        if (t.Rank != rank) throw Shape(op, $"expects a rank-{rank} tensor {legend}", t);
    }

    public static void SameShape(string op, Tensor a, Tensor b)
    {
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape)) throw Shapes(op, "expects equal shapes", a, b);
    }
}
