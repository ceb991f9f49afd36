// nn.BatchNorm2d: weight γ and bias β (C), buffers running_mean, running_var (C) and num_batches_tracked (a scalar,
// int64 in PyTorch, held here as float). Training uses batch statistics and updates the buffers; eval uses them.
using FaceAlign.Kernels;

namespace FaceAlign.Nn.Layers;

public sealed class BatchNorm2d : Layer
{
    public BatchNorm2d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f)
    {
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Full(1f, numFeatures));
        Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
        RunningVar = RegisterBuffer("running_var", Tensor.Full(1f, numFeatures));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros());
    }

    public int NumFeatures { get; }

    public float Eps { get; }

    public float Momentum { get; }

    public Tensor Weight { get; }       // (C)

    public Tensor Bias { get; }         // (C)

    public Tensor RunningMean { get; }  // (C)

    public Tensor RunningVar { get; }   // (C)

    public Tensor NumBatchesTracked { get; }  // ()

    public override Tensor Forward(Tensor x) => Forward(x, Activation.None);

    /// <summary>
    /// This layer followed by ReLU or ReLU6 as one op (Sequential's fast path for BN → ReLU): the same values and
    /// gradients as the two layers, without the normalised tensor in between.
    /// </summary>
    public Tensor Forward(Tensor x, Activation activation)
    {
        if (IsTraining) NumBatchesTracked.Span[0] += 1;
        return Functional.BatchNorm(x, Weight, Bias, RunningMean, RunningVar, IsTraining, Momentum, Eps, activation);
    }
}
