namespace FaceAlign.Kernels.ElementWise;

/// <summary>Activation functions and their backward masks over flat spans; y may be x (in place), as may dX be dY.</summary>
public static class Activations
{
    public static void Forward(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Relu: VectorLoop.Map(new ReluOperator(), x, y); break;
            case Activation.Relu6: VectorLoop.Map(new Relu6Operator(), x, y); break;
            default: x.CopyTo(y); break;
        }
    }

    /// <summary>dX = dY · f′(x), where x is the activation's input (or, equivalently for these three, its output).</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> dY, ReadOnlySpan<float> x, Span<float> dX)
    {
        switch (activation)
        {
            case Activation.Relu: VectorLoop.Map(new ReluBackwardOperator(), dY, x, dX); break;
            case Activation.Relu6: VectorLoop.Map(new Relu6BackwardOperator(), dY, x, dX); break;
            default: dY.CopyTo(dX); break;
        }
    }

    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y) =>
        VectorLoop.Map(new LeakyReluOperator(slope), x, y);

    public static void LeakyReluBackward(ReadOnlySpan<float> dY, ReadOnlySpan<float> x, float slope, Span<float> dX) =>
        VectorLoop.Map(new LeakyReluBackwardOperator(slope), dY, x, dX);
}
