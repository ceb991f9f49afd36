// nn.Dropout with its own seeded generator (reproducible runs); the identity in eval mode.
namespace FaceAlign.Nn.Layers;

public sealed class Dropout(float p, int seed = 0) : Layer
{
    private readonly Random rng = new(seed);

    public float P { get; } = p;

    public override Tensor Forward(Tensor x) => IsTraining && P > 0 ? Functional.Dropout(x, P, rng) : x;
}
