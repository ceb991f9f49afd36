// Module plumbing: PyTorch state-dict names and order, strict loading, train/eval propagation.
using FaceAlign.Kernels;
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Tests.Nn;

public class ModuleTests
{
    private sealed class TinyNet : Layer
    {
        public TinyNet(Random rng)
        {
            Features = RegisterModule("features", new Sequential(
                new Conv2d(3, 4, 3, padding: 1, rng: rng), new BatchNorm2d(4), new PReLU(4)));
            Block = RegisterModule("block", new InvertedResidual(4, 4, 1, useResidual: true, expandRatio: 2, rng: rng));
            Head = RegisterModule("head", new Linear(4, 2, rng: rng));
        }

        public Sequential Features { get; }

        public InvertedResidual Block { get; }

        public Linear Head { get; }

        public override Tensor Forward(Tensor x) =>
            Head.Forward(Functional.Flatten(Functional.GlobalAvgPool2d(Block.Forward(Features.Forward(x)))));
    }

    [Fact]
    public void State_dict_names_follow_pytorch()
    {
        // What PyTorch prints for the same module tree (nn.Sequential children "0", "1", ...; BatchNorm buffers
        // after its parameters; PFLD-pytorch's InvertedResidual keeps its layers in `conv`).
        string[] expected =
        [
            "features.0.weight", "features.0.bias",
            "features.1.weight", "features.1.bias", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked",
            "features.2.weight",
            "block.conv.0.weight",
            "block.conv.1.weight", "block.conv.1.bias", "block.conv.1.running_mean", "block.conv.1.running_var", "block.conv.1.num_batches_tracked",
            "block.conv.3.weight",
            "block.conv.4.weight", "block.conv.4.bias", "block.conv.4.running_mean", "block.conv.4.running_var", "block.conv.4.num_batches_tracked",
            "block.conv.6.weight",
            "block.conv.7.weight", "block.conv.7.bias", "block.conv.7.running_mean", "block.conv.7.running_var", "block.conv.7.num_batches_tracked",
            "head.weight", "head.bias",
        ];
        var state = new TinyNet(new Random(1)).StateDict();
        Assert.Equal(expected, state.Select(s => s.Name));
        Assert.Equal([8, 1, 3, 3], state.Single(s => s.Name == "block.conv.3.weight").Value.Shape);
        Assert.Empty(state.Single(s => s.Name == "features.1.num_batches_tracked").Value.Shape);
        Assert.Equal(16, new TinyNet(new Random(1)).NamedParameters().Count());  // the 28 entries less 12 buffers
    }

    [Fact]
    public void Load_state_dict_round_trips()
    {
        var source = new TinyNet(new Random(1));
        var target = new TinyNet(new Random(2));
        target.LoadStateDict(source.StateDict().ToDictionary(s => s.Name, s => s.Value));
        var x = Tensor.Uniform(new Random(3), -1, 1, 2, 3, 5, 5);
        source.Eval();
        target.Eval();
        Assert.Equal(source.Forward(x).ToArray(), target.Forward(x).ToArray());
    }

    [Fact]
    public void Load_state_dict_refuses_the_first_mismatch_and_changes_nothing()
    {
        var model = new TinyNet(new Random(1));
        var before = model.Head.Weight.ToArray();
        Dictionary<string, Tensor> Fresh() => new TinyNet(new Random(9)).StateDict().ToDictionary(s => s.Name, s => s.Value);

        var missing = Fresh();
        missing.Remove("block.conv.4.running_var");
        Assert.Contains("missing 'block.conv.4.running_var'", Assert.Throws<ModelStateException>(() => model.LoadStateDict(missing)).Message);

        var unexpected = Fresh();
        unexpected["head.extra"] = Tensor.Zeros(1);
        Assert.Contains("unexpected entry 'head.extra'", Assert.Throws<ModelStateException>(() => model.LoadStateDict(unexpected)).Message);

        var shape = Fresh();
        shape["head.weight"] = Tensor.Zeros(4, 2);
        var e = Assert.Throws<ModelStateException>(() => model.LoadStateDict(shape));
        Assert.Contains("'head.weight' has shape (4, 2), the model expects (2, 4)", e.Message);

        var nan = Fresh();
        nan["features.0.bias"].Span[2] = float.NaN;
        Assert.Contains("'features.0.bias' holds a non-finite value (NaN) at flat index 2",
            Assert.Throws<ModelStateException>(() => model.LoadStateDict(nan)).Message);
        var inf = Fresh();
        inf["head.bias"].Span[0] = float.PositiveInfinity;
        Assert.Throws<ModelStateException>(() => model.LoadStateDict(inf));

        Assert.Equal(before, model.Head.Weight.ToArray());
    }

    [Fact]
    public void Train_and_eval_reach_every_descendant()
    {
        var model = new TinyNet(new Random(1));
        model.Eval();
        Assert.All(model.Modules(), m => Assert.False(m.IsTraining));
        model.Train();
        Assert.All(model.Modules(), m => Assert.True(m.IsTraining));
    }

    [Fact]
    public void Inverted_residual_refuses_a_residual_that_cannot_add()
    {
        Assert.Throws<ArgumentException>(() => new InvertedResidual(4, 8, 1, useResidual: true, expandRatio: 2));
        Assert.Throws<ArgumentException>(() => new InvertedResidual(4, 4, 2, useResidual: true, expandRatio: 2));
        Assert.Throws<ArgumentException>(() => new InvertedResidual(4, 4, 1, true, 2, Activation.None));
    }
}
