// After warm-up, inference under NoGrad inside a TensorScope draws every tensor from the pool, and a training step
// allocates no large arrays: only small bookkeeping objects (tensor headers, closures) reach the GC.
using FaceAlign.Nn;
using FaceAlign.Nn.Autograd;
using FaceAlign.Nn.Layers;

namespace FaceAlign.Tests.Nn;

[CollectionDefinition(nameof(PoolingAllocationTests), DisableParallelization = true)]
public class PoolingAllocationCollection;

[Collection(nameof(PoolingAllocationTests))]
public class PoolingAllocationTests
{
    // One activation of the block below is 1·32·16·16 floats = 32 KB; a step makes dozens. The bound admits the
    // per-op bookkeeping objects but not a single activation-sized array per op.
    private const long Bound = 24 * 1024;

    [Fact]
    public void Inference_and_training_steps_reuse_pooled_storage()
    {
        var block = new InvertedResidual(16, 16, 1, useResidual: true, expandRatio: 2, rng: new Random(1));
        var x = Tensor.Uniform(new Random(2), -1, 1, 1, 16, 16, 16);

        void Infer()
        {
            using var scope = new TensorScope();
            using var _ = NoGrad.Scope();
            block.Forward(x);
        }

        void TrainStep()
        {
            using var scope = new TensorScope();
            block.ZeroGrad();
            Functional.Sum(block.Forward(x)).Backward();
        }

        // The process-wide counter also sees the test runner's own threads: the least of a few runs is the step's.
        static long LeastAllocated(Action step)
        {
            for (int i = 0; i < 3; i++) step();
            long least = long.MaxValue;
            for (int i = 0; i < 5; i++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                step();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }
            return least;
        }

        block.Eval();
        long inference = LeastAllocated(Infer);
        block.Train();
        long training = LeastAllocated(TrainStep);

        Assert.True(inference < Bound, $"inference allocated {inference} bytes");
        Assert.True(training < 2 * Bound, $"training step allocated {training} bytes");
    }

    [Fact]
    public void Folded_pfld_inference_allocates_only_tensor_headers()
    {
        // 0.25X makes about 40 tensors per forward; each costs its object, its shape array and a slot in the scope's
        // list (~150 bytes). Before ops stopped building backward closures under NoGrad, a forward allocated ~31 KB.
        var model = new FaceAlign.Models.Pfld(0.25f, 68);
        model.Eval();
        Fusion.Fuse(model);
        var input = Tensor.Uniform(new Random(1), 0, 1, 1, 3, FaceAlign.Models.Pfld.InputSize, FaceAlign.Models.Pfld.InputSize);
        int threads = FaceAlign.Kernels.ComputeThreads.Count;
        FaceAlign.Kernels.ComputeThreads.Count = 1;
        try
        {
            void Forward()
            {
                using var scope = new TensorScope();
                using var _ = NoGrad.Scope();
                model.Forward(input);
            }
            for (int i = 0; i < 3; i++) Forward();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Forward();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 8 * 1024, $"a PFLD 0.25X forward allocated {allocated} bytes");
        }
        finally
        {
            FaceAlign.Kernels.ComputeThreads.Count = threads;
        }
    }
}

[Collection(nameof(PoolingAllocationTests))]
public class PoolLimitTests
{
    [Fact]
    public void Storage_returned_beyond_the_limit_is_left_to_the_GC()
    {
        long saved = TensorScope.PoolLimitBytes;
        try
        {
            TensorScope.ReleasePooledMemory();
            TensorScope.PoolLimitBytes = 3 * 1000 * sizeof(float);
            using (new TensorScope())
            {
                for (int i = 0; i < 5; i++) Tensor.Zeros(1000);  // five 4-KB arrays come back; three fit
            }
            Assert.Equal(3 * 1000 * sizeof(float), TensorPool.FreeBytes);
            Assert.Equal(3 * 1000 * sizeof(float), TensorScope.ReleasePooledMemory());
            Assert.Equal(0, TensorPool.FreeBytes);
            Assert.Throws<ArgumentOutOfRangeException>(() => TensorScope.PoolLimitBytes = -1);
        }
        finally
        {
            TensorScope.PoolLimitBytes = saved;
        }
    }
}
