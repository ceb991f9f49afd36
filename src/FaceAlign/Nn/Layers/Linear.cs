// nn.Linear: weight (out, in), bias (out), PyTorch's default initialisation U(±1/√in).
namespace FaceAlign.Nn.Layers;

public sealed class Linear : Layer
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, Random? rng = null)
    {
        rng ??= Random.Shared;
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, outFeatures, inFeatures));
        if (bias) Bias = RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outFeatures));
    }

    public Tensor Weight { get; }  // (out, in)

    public Tensor? Bias { get; }   // (out)

    public override Tensor Forward(Tensor x) => Functional.Linear(x, Weight, Bias);
}
