// The whole inverted-residual block in training mode against a composition of the naive double references: checks
// the autograd graph end to end (x feeds both the branch and the residual add) and every parameter's gradient.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class InvertedResidualTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Training_forward_and_gradients_match_the_naive_composition(int stride, bool residual)
    {
        const int n = 2, c = 3, h = 5, w = 4, expand = 2, hidden = c * expand;
        int cout = residual ? c : 4;
        var rng = new Random(stride);
        var block = new InvertedResidual(c, cout, stride, residual, expand, rng: rng);
        foreach (var bn in block.Modules().OfType<BatchNorm2d>())
        {
            // Non-trivial affine parameters so their gradients are exercised away from the identity.
            Tensor.Uniform(rng, 0.5f, 1.5f, bn.NumFeatures).Span.CopyTo(bn.Weight.Span);
            Tensor.Uniform(rng, -0.5f, 0.5f, bn.NumFeatures).Span.CopyTo(bn.Bias.Span);
        }
        var p = block.StateDict().ToDictionary(s => s.Name, s => s.Value);
        string[] order = ["conv.0.weight", "conv.1.weight", "conv.1.bias", "conv.3.weight", "conv.4.weight", "conv.4.bias",
            "conv.6.weight", "conv.7.weight", "conv.7.bias"];
        Tensor[] inputs = [GradCheck.Random(rng, n, c, h, w), .. order.Select(name => p[name])];

        int ho = (h - 1) / stride + 1, wo = (w - 1) / stride + 1;
        GradCheck.Check(inputs, t => block.Forward(t[0]), d =>
        {
            static double[] Relu(double[] v) => NaiveOps.Map(v, x => Math.Max(x, 0));
            var e = NaiveOps.Conv2d(d[0], n, c, h, w, d[1], hidden, 1, null, 1, 0, 1, 1);
            e = Relu(NaiveOps.BatchNorm(e, n, hidden, h * w, d[2], d[3], null, null, 1e-5));
            var dw = NaiveOps.Conv2d(e, n, hidden, h, w, d[4], hidden, 3, null, stride, 1, 1, hidden);
            dw = Relu(NaiveOps.BatchNorm(dw, n, hidden, ho * wo, d[5], d[6], null, null, 1e-5));
            var y = NaiveOps.Conv2d(dw, n, hidden, ho, wo, d[7], cout, 1, null, 1, 0, 1, 1);
            y = NaiveOps.BatchNorm(y, n, cout, ho * wo, d[8], d[9], null, null, 1e-5);
            return residual ? y.Zip(d[0], (a, b) => a + b).ToArray() : y;
        });
    }
}
