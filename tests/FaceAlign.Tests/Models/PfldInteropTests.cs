using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Tests.Models;

/// <summary>
/// The same PFLD written in PyTorch (TestFiles/pfld/pfld_reference.py, run once with Debian's python3-torch 1.13) saved
/// random weights and its outputs; FaceAlign must load that file unchanged and reproduce the outputs.
/// </summary>
public class PfldInteropTests
{
    private static readonly string Weights = SharedData.TestFile("pfld/pfld68-0.25x.weights.safetensors");
    private static readonly SafeTensorsFile Outputs = SafeTensorsFile.Read(SharedData.TestFile("pfld/pfld68-0.25x.outputs.safetensors"));

    // x[i] = sin(0.37 i) over the flat (2, 3, 112, 112) index, computed in double and rounded to float as the script does.
    private static Tensor Input()
    {
        var values = new float[2 * 3 * 112 * 112];
        for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Sin(0.37 * i);
        return Tensor.FromArray(values, 2, 3, 112, 112);
    }

    private static Pfld LoadReference()
    {
        var model = new Pfld(0.25f, 68);
        ModuleWeights.Load(model, Weights);
        model.Eval();
        return model;
    }

    [Fact]
    public void Reproduces_PyTorch_outputs_from_the_same_weights()
    {
        var model = LoadReference();
        using var _ = NoGrad.Scope();
        var (landmarks, features) = model.Forward(Input());
        AssertClose(Outputs.ReadFloat32("landmarks"), landmarks.ToArray(), 1e-4f);
        var mean = Functional.Flatten(Functional.GlobalAvgPool2d(features));
        AssertClose(Outputs.ReadFloat32("features_mean"), mean.ToArray(), 1e-4f);
    }

    [Fact]
    public void Folded_inference_model_gives_the_same_landmarks()
    {
        var model = LoadReference();
        using var _ = NoGrad.Scope();
        var expected = model.Forward(Input()).Landmarks.ToArray();
        Fusion.Fuse(model);
        AssertClose(expected, model.Forward(Input()).Landmarks.ToArray(), 1e-4f);
    }

    [Fact]
    public void Saved_weights_use_the_PyTorch_names_in_the_PyTorch_order()
    {
        var reference = SafeTensorsFile.Read(Weights);
        var model = LoadReference();
        var path = Path.Combine(Path.GetTempPath(), $"pfld-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModuleWeights.Save(model, path);
            var saved = SafeTensorsFile.Read(path);
            Assert.Equal(reference.Entries.Select(e => e.Name), saved.Entries.Select(e => e.Name));
            Assert.Equal(reference.ReadFloat32("stage5.3.conv.4.running_var"), saved.ReadFloat32("stage5.3.conv.4.running_var"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_for_another_width_is_refused_naming_the_tensor()
    {
        var e = Assert.Throws<ModelStateException>(() => ModuleWeights.Load(new Pfld(1f, 68), Weights));
        Assert.Contains("conv1.0.weight", e.Message);
        Assert.Contains("pfld68-0.25x.weights.safetensors", e.Message);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= tolerance, $"max |difference| {worst} exceeds {tolerance}");
    }
}
