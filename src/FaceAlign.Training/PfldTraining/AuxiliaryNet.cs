// PFLD's auxiliary network (Guo et al. 2019, §3 and Table 2): from the backbone's 28×28 stage-3 features it predicts
// yaw, pitch and roll, whose error weights the landmark loss. Used only while training; never saved with inference weights.
using FaceAlign.Nn;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Training.PfldTraining;

public sealed class AuxiliaryNet : Module
{
    private readonly Sequential conv1, conv2, conv3, conv4;
    private readonly MaxPool2d pool;
    private readonly Linear fc1, fc2;

    public AuxiliaryNet(int featureChannels, Random? rng = null)
    {
        rng ??= new Random(1);
        conv1 = RegisterModule("conv1", ConvBnRelu(featureChannels, 128, 3, 2, rng));   // (N, 128, 14, 14)
        conv2 = RegisterModule("conv2", ConvBnRelu(128, 128, 3, 1, rng));               // (N, 128, 14, 14)
        conv3 = RegisterModule("conv3", ConvBnRelu(128, 32, 3, 2, rng));                // (N, 32, 7, 7)
        conv4 = RegisterModule("conv4", ConvBnRelu(32, 128, 7, 1, rng));                // (N, 128, 3, 3)
        pool = new MaxPool2d(3, 3);                                                        // (N, 128, 1, 1)
        fc1 = RegisterModule("fc1", new Linear(128, 32, rng: rng));
        fc2 = RegisterModule("fc2", new Linear(32, 3, rng: rng));                         // (N, 3): yaw, pitch, roll
    }

    /// <summary>features (N, C, 28, 28) → Euler angles (N, 3) in the units the targets use (radians in training).</summary>
    public Tensor Forward(Tensor features)
    {
        var x = conv4.Forward(conv3.Forward(conv2.Forward(conv1.Forward(features))));
        return fc2.Forward(fc1.Forward(Functional.Flatten(pool.Forward(x))));
    }

    private static Sequential ConvBnRelu(int cin, int cout, int kernel, int stride, Random rng) =>
        new(new Conv2d(cin, cout, kernel, stride, padding: 1, bias: false, rng: rng), new BatchNorm2d(cout), new ReLU());
}
