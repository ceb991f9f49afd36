// nn.PReLU: one learnable negative slope per channel (or one shared), initialised to 0.25 as PyTorch.
namespace FaceAlign.Nn.Layers;

public sealed class PReLU : Layer
{
    public PReLU(int numParameters = 1, float init = 0.25f) =>
        Weight = RegisterParameter("weight", Tensor.Full(init, numParameters));

    public Tensor Weight { get; }  // (C) or (1)

    public override Tensor Forward(Tensor x) => Functional.PRelu(x, Weight);
}
