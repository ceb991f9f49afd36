// nn.ReLU6: min(max(x, 0), 6), MobileNetV2's activation. Folded into a preceding conv by Fusion for inference.
namespace FaceAlign.Nn.Layers;

public sealed class ReLU6 : Layer
{
    public override Tensor Forward(Tensor x) => Functional.Relu6(x);
}
