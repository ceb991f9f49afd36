// Folding BatchNorm (and a following ReLU/ReLU6/LeakyReLU) into the preceding conv must not change eval-mode outputs.
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;
using FaceAlign.Tests.Nn.Reference;

namespace FaceAlign.Tests.Nn;

public class FusionTests
{
    /// <summary>Gives every BatchNorm non-trivial statistics and affine parameters, as a trained model has.</summary>
    private static void Randomise(Module model, Random rng)
    {
        foreach (var bn in model.Modules().OfType<BatchNorm2d>())
        {
            Tensor.Uniform(rng, -0.5f, 0.5f, bn.NumFeatures).Span.CopyTo(bn.RunningMean.Span);
            Tensor.Uniform(rng, 0.2f, 2f, bn.NumFeatures).Span.CopyTo(bn.RunningVar.Span);
            Tensor.Uniform(rng, 0.5f, 1.5f, bn.NumFeatures).Span.CopyTo(bn.Weight.Span);
            Tensor.Uniform(rng, -0.5f, 0.5f, bn.NumFeatures).Span.CopyTo(bn.Bias.Span);
        }
    }

    [Theory]
    [InlineData(Activation.Relu, 1, true, 2, 9, 7, 3)]
    [InlineData(Activation.Relu6, 2, false, 2, 9, 7, 3)]
    // One image takes Functional.ExpandDepthwise: PFLD-1X's first stride-2 block scaled down, 48 hidden channels at
    // 56×56 in groups of 16, and the same with a residual.
    [InlineData(Activation.Relu, 2, false, 1, 56, 56, 8)]
    [InlineData(Activation.Relu, 1, true, 1, 56, 56, 8)]
    public void Fused_inverted_residual_equals_unfused(Activation activation, int stride, bool residual, int images, int height,
        int width, int expandRatio)
    {
        var rng = new Random(4);
        var block = new InvertedResidual(6, residual ? 6 : 8, stride, residual, expandRatio, activation, rng);
        Randomise(block, rng);
        block.Eval();
        var x = Tensor.Uniform(rng, -2f, 2f, images, 6, height, width);
        using var _ = NoGrad.Scope();
        var expected = GradCheck.ToDouble(block.Forward(x));
        int convsBefore = block.Modules().OfType<Conv2d>().Count();

        Fusion.Fuse(block);
        Assert.Empty(block.Modules().OfType<BatchNorm2d>());
        Assert.Empty(block.Modules().OfType<ReLU>());
        Assert.Empty(block.Modules().OfType<ReLU6>());
        Assert.Equal(convsBefore, block.Modules().OfType<Conv2d>().Count());
        if (height == 56)
            Assert.Equal(16, Functional.ExpandGroupChannels(6 * expandRatio, height * width));
        var actual = GradCheck.ToDouble(block.Forward(x));
        Assert.True(GradCheck.MaxNormRelError(actual, expected) < 1e-5);
    }

    [Fact]
    public void Fused_conv_batchnorm_leaky_relu_equals_unfused()
    {
        var rng = new Random(5);
        var block = new Sequential(new Conv2d(3, 5, 3, padding: 1, bias: false, rng: rng), new BatchNorm2d(5), new LeakyReLU(0.1f),
            new Conv2d(5, 5, 3, stride: 2, padding: 1, groups: 5, bias: false, rng: rng), new BatchNorm2d(5), new LeakyReLU(0.1f));
        Randomise(block, rng);
        block.Eval();
        var x = Tensor.Uniform(rng, -2f, 2f, 2, 3, 9, 7);
        using var _ = NoGrad.Scope();
        var expected = GradCheck.ToDouble(block.Forward(x));
        Fusion.Fuse(block);
        Assert.Equal(2, block.Count);
        Assert.All(block.Modules().OfType<Conv2d>(), c => Assert.Equal(0.1f, c.FusedLeakySlope));
        var actual = GradCheck.ToDouble(block.Forward(x));
        Assert.True(GradCheck.MaxNormRelError(actual, expected) < 1e-5);
    }

    /// <summary>PFLD's stem style: children called by name in Forward, fused through IFusable.</summary>
    private sealed class Stem : Layer, IFusable
    {
        private readonly BatchNorm2d bn1;
        private Conv2d conv1;
        private bool fused;

        public Stem(Random rng)
        {
            conv1 = RegisterModule("conv1", new Conv2d(3, 4, 3, stride: 2, padding: 1, bias: false, rng: rng));
            bn1 = RegisterModule("bn1", new BatchNorm2d(4));
        }

        public override Tensor Forward(Tensor x) => fused ? conv1.Forward(x) : Functional.Relu(bn1.Forward(conv1.Forward(x)));

        public void FuseForInference()
        {
            conv1 = conv1.Fold(bn1, Activation.Relu);
            ReplaceChild("conv1", conv1);
            fused = true;
        }
    }

    [Fact]
    public void A_custom_module_fuses_itself_through_IFusable()
    {
        var rng = new Random(6);
        var stem = new Stem(rng);
        Randomise(stem, rng);
        stem.Eval();
        var x = Tensor.Uniform(rng, -2f, 2f, 1, 3, 7, 9);
        var expected = GradCheck.ToDouble(stem.Forward(x));
        Fusion.Fuse(stem);
        Assert.Equal(Activation.Relu, stem.Modules().OfType<Conv2d>().Single().FusedActivation);
        Assert.True(GradCheck.MaxNormRelError(GradCheck.ToDouble(stem.Forward(x)), expected) < 1e-5);
    }

    [Fact]
    public void Fuse_refuses_a_model_in_training_mode()
    {
        var model = new Sequential(new Conv2d(2, 2, 3), new BatchNorm2d(2));
        Assert.Throws<InvalidOperationException>(() => Fusion.Fuse(model));
    }

    [Fact]
    public void Folding_matches_the_formula_on_a_one_weight_conv()
    {
        // w = 2, b = 1, γ = 3, β = 0.5, μ = 1, σ² = 4 − ε: σ = 2 → w' = 2·3/2 = 3, b' = (1 − 1)·3/2 + 0.5 = 0.5.
        var conv = new Conv2d(1, 1, 1);
        conv.Weight.Span[0] = 2;
        conv.Bias!.Span[0] = 1;
        var bn = new BatchNorm2d(1);
        bn.Weight.Span[0] = 3;
        bn.Bias.Span[0] = 0.5f;
        bn.RunningMean.Span[0] = 1;
        bn.RunningVar.Span[0] = 4 - bn.Eps;
        bn.Eval();
        var fused = conv.Fold(bn, Activation.Relu6);
        Assert.Equal(3f, fused.Weight.Span[0], 5);
        Assert.Equal(0.5f, fused.Bias!.Span[0], 5);
        Assert.Equal(Activation.Relu6, fused.FusedActivation);
        Assert.Equal([0f, 3.5f, 6f], fused.Forward(Tensor.FromArray([-1, 1, 5], 1, 1, 1, 3)).ToArray());
    }
}
