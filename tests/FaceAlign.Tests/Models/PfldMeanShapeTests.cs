using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Tests.Models;

/// <summary>A fresh PFLD started from a mean shape predicts (almost) that shape whatever the picture.</summary>
public class PfldMeanShapeTests
{
    [Fact]
    public void Every_input_maps_close_to_the_mean_shape()
    {
        var model = new Pfld(0.25f, 5, new Random(1));
        float[] mean = [0.3f, 0.4f, 0.7f, 0.4f, 0.5f, 0.55f, 0.35f, 0.75f, 0.65f, 0.75f];
        model.StartFromMeanShape(mean);
        model.Eval();
        var rng = new Random(2);
        using var _ = NoGrad.Scope();
        var output = model.Forward(Tensor.Uniform(rng, 0, 1, 3, 3, Pfld.InputSize, Pfld.InputSize)).Landmarks.ToArray();
        for (int i = 0; i < output.Length; i++) Assert.InRange(output[i] - mean[i % mean.Length], -0.1f, 0.1f);

        var fresh = new Pfld(0.25f, 5, new Random(1));
        fresh.Eval();
        var far = fresh.Forward(Tensor.Uniform(new Random(2), 0, 1, 3, 3, Pfld.InputSize, Pfld.InputSize)).Landmarks.ToArray();
        Assert.True(far.Select((v, i) => Math.Abs(v - mean[i % mean.Length])).Max() > 0.1f, "without the mean-shape start the outputs are far off, or the test proves nothing");
    }

    [Fact]
    public void A_mean_shape_of_the_wrong_length_is_refused()
    {
        var model = new Pfld(0.25f, 68, new Random(1));
        Assert.Throws<ArgumentException>(() => model.StartFromMeanShape(new float[10]));
    }
}
