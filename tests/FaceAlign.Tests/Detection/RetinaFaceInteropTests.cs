using FaceAlign.Detection;
using FaceAlign.Models;
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Tests.Detection;

/// <summary>
/// RetinaFace-mnet0.25 written in PyTorch after biubug6/Pytorch_Retinaface (TestFiles/retinaface/retinaface_reference.py)
/// saved random weights and its outputs; FaceAlign must load that file unchanged and reproduce the outputs.
/// </summary>
public class RetinaFaceInteropTests
{
    private static readonly string Weights = SharedData.TestFile("retinaface/retinaface-mnet025.weights.safetensors");
    private static readonly SafeTensorsFile Outputs = SafeTensorsFile.Read(SharedData.TestFile("retinaface/retinaface-mnet025.outputs.safetensors"));

    // x[i] = 100·sin(0.37 i) over the flat (2, 3, 70, 100) index, in double and rounded to float as the script does.
    private static Tensor Input()
    {
        var values = new float[2 * 3 * 70 * 100];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(100 * Math.Sin(0.37 * i));
        return Tensor.FromArray(values, 2, 3, 70, 100);
    }

    private static RetinaFace LoadReference()
    {
        var model = new RetinaFace();
        ModuleWeights.Load(model, Weights);
        model.Eval();
        return model;
    }

    [Fact]
    public void Reproduces_PyTorch_outputs_from_the_same_weights()
    {
        var model = LoadReference();
        using var _ = NoGrad.Scope();
        var (boxes, logits, landmarks) = model.Forward(Input());
        Assert.Equal([2, 328, 4], boxes.Shape);
        Assert.Equal(PriorBoxes.Count(70, 100), boxes.Shape[1]);
        AssertClose(Outputs.ReadFloat32("boxes"), boxes.ToArray());
        AssertClose(Outputs.ReadFloat32("logits"), logits.ToArray());
        AssertClose(Outputs.ReadFloat32("landmarks"), landmarks.ToArray());
    }

    [Fact]
    public void Folded_inference_model_gives_the_same_outputs()
    {
        var model = LoadReference();
        using var _ = NoGrad.Scope();
        Fusion.Fuse(model);
        var (boxes, logits, landmarks) = model.Forward(Input());
        AssertClose(Outputs.ReadFloat32("boxes"), boxes.ToArray());
        AssertClose(Outputs.ReadFloat32("logits"), logits.ToArray());
        AssertClose(Outputs.ReadFloat32("landmarks"), landmarks.ToArray());
    }

    [Fact]
    public void Saved_weights_use_the_PyTorch_names_in_the_PyTorch_order()
    {
        var reference = SafeTensorsFile.Read(Weights);
        var model = LoadReference();
        var path = Path.Combine(Path.GetTempPath(), $"retinaface-{Guid.NewGuid():N}.safetensors");
        try
        {
            FaceDetector.Save(model, path);
            var saved = SafeTensorsFile.Read(path);
            Assert.Equal(reference.Entries.Select(e => e.Name), saved.Entries.Select(e => e.Name));
            Assert.Contains("ssh2.conv7x7_3.1.running_var", saved.Entries.Select(e => e.Name));
            Assert.Equal(reference.ReadFloat32("LandmarkHead.2.conv1x1.bias"), saved.ReadFloat32("LandmarkHead.2.conv1x1.bias"));
            Assert.Equal("retinaface-mnet0.25", saved.Metadata["model"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_DataParallel_module_prefix_is_accepted()
    {
        var reference = SafeTensorsFile.Read(Weights);
        var bytes = SafeTensorsFile.Serialize(reference.Entries.Select(e =>
            ("module." + e.Name, e.Shape.ToArray(), (ReadOnlyMemory<float>)reference.ReadFloat32(e.Name))));
        using var stream = new MemoryStream(bytes);
        var detector = FaceDetector.Load(stream);
        Assert.NotNull(detector);
    }

    [Fact]
    public void A_file_that_is_not_a_RetinaFace_is_refused_naming_the_tensor()
    {
        var e = Assert.Throws<ModelStateException>(() => FaceDetector.Load(SharedData.TestFile("pfld/pfld68-0.25x.weights.safetensors")));
        Assert.Contains("body.stage1.0.0.weight", e.Message);
        Assert.Contains("pfld68-0.25x.weights.safetensors", e.Message);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        // Activations reach a few hundred (inputs ±100); compare relative to the output's scale.
        float scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * scale + 1e-4f, $"element {i}: expected {expected[i]}, got {actual[i]} (scale {scale})");
    }
}
