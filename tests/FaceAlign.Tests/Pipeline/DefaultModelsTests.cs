using FaceAlign.Imaging;
using FaceAlign.Pipeline;

namespace FaceAlign.Tests.Pipeline;

/// <summary>The embedded default models: the README example when they are built in, a clear error while they are not.</summary>
public sealed class DefaultModelsTests
{
    private static bool Embedded =>
        DefaultModels.IsEmbedded(DefaultModels.DetectorFile) && DefaultModels.IsEmbedded(DefaultModels.LandmarkFile(0.25f));

    private const string NotEmbedded = "the default models (models/retinaface-mnet025.safetensors, models/pfld68-0.25x.safetensors) are not embedded in this build yet";

    [SkippableFact]
    public void Readme_example_runs()
    {
        Skip.IfNot(Embedded, NotEmbedded);
        string photo = Path.Combine(SharedData.ProjectRoot, "samples", "astronaut.png");

        // README: begin
        using var analyzer = FaceAnalyzer.CreateDefault();
        IReadOnlyList<Face> faces = analyzer.Analyze(Image.Load(photo));
        foreach (var face in faces)
            Console.WriteLine($"{face.Box} score {face.Score:F2}, {face.Landmarks!.Length} landmarks, {face.Pose}");
        // README: end

        var only = Assert.Single(faces); // the astronaut portrait shows one face
        Assert.Equal(68, only.Landmarks!.Length);
        Assert.NotNull(only.Pose);
    }

    [SkippableFact]
    public void CreateDefault_without_embedded_models_names_what_is_missing()
    {
        Skip.If(Embedded, "the default models are embedded in this build");
        var e = Assert.Throws<MissingModelException>(() => FaceAnalyzer.CreateDefault());
        foreach (var file in new[] { DefaultModels.DetectorFile, DefaultModels.LandmarkFile(0.25f) }.Where(f => !DefaultModels.IsEmbedded(f)))
            Assert.Contains("models/" + file, e.Message);
        Assert.Contains("rebuild", e.Message);
    }

    [Fact]
    public void Landmark_model_file_names_follow_the_width()
    {
        Assert.Equal("pfld68-0.25x.safetensors", DefaultModels.LandmarkFile(0.25f));
        Assert.Equal("pfld68-1x.safetensors", DefaultModels.LandmarkFile(1f));
        Assert.Equal("models/retinaface-mnet025.safetensors", DefaultModels.ResourceName(DefaultModels.DetectorFile));
    }
}
