// Checks an engine op against its naive double reference: the float forward against the double forward, and the
// engine's backward (a vector–Jacobian product with a random seed r) against central finite differences of
// Σ r·reference(x) taken in double. Error measure: ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞, tiny).
using FaceAlign.Nn;

namespace FaceAlign.Tests.Nn.Reference;

internal static class GradCheck
{
    public const double GradTolerance = 1e-3;

    public static double MaxNormRelError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double diff = 0, scale = 1e-12;
        for (int i = 0; i < a.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(a[i]), Math.Abs(b[i])));
        }
        return diff / scale;
    }

    public static double[] ToDouble(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();

    public static Tensor Random(Random rng, params int[] shape) => Tensor.Uniform(rng, -1f, 1f, shape);

    /// <summary>
    /// inputs become leaves requiring grad; engine(inputs) is the op under test, reference(doubles) its naive twin.
    /// </summary>
    public static void Check(Tensor[] inputs, Func<Tensor[], Tensor> engine, Func<double[][], double[]> reference,
        int seed = 1, double forwardTolerance = 1e-5, double step = 1e-6)
    {
        foreach (var t in inputs) t.RequiresGrad = true;
        var y = engine(inputs);
        var xs = inputs.Select(ToDouble).ToArray();
        var yRef = reference(xs);
        double fwd = MaxNormRelError(ToDouble(y), yRef);
        Assert.True(fwd < forwardTolerance, $"forward differs from the reference: relative error {fwd:E2}");

        var rng = new Random(seed);
        var r = Tensor.Uniform(rng, -1f, 1f, y.Shape);
        var rd = ToDouble(r);
        y.Backward(r);

        for (int k = 0; k < inputs.Length; k++)
        {
            var numeric = new double[xs[k].Length];
            for (int j = 0; j < numeric.Length; j++)
            {
                double keep = xs[k][j];
                xs[k][j] = keep + step;
                double plus = Dot(rd, reference(xs));
                xs[k][j] = keep - step;
                double minus = Dot(rd, reference(xs));
                xs[k][j] = keep;
                numeric[j] = (plus - minus) / (2 * step);
            }
            var analytic = inputs[k].Grad is { } g ? ToDouble(g) : new double[numeric.Length];
            double err = MaxNormRelError(analytic, numeric);
            Assert.True(err < GradTolerance, $"gradient of input {k} {inputs[k]} differs from finite differences: relative error {err:E2}");
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
