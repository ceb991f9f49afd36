// Gradient clipping by global norm (Pascanu et al. 2013, §3.2; torch.nn.utils.clip_grad_norm_): when
// ‖g‖₂ over all parameters exceeds maxNorm, every gradient is scaled by maxNorm / (‖g‖₂ + 1e−6).
using FaceAlign.Nn;

namespace FaceAlign.Training.Optim;

public static class GradientClipping
{
    /// <summary>Clips in place and returns the norm before clipping.</summary>
    public static float ClipByGlobalNorm(IEnumerable<Tensor> parameters, float maxNorm)
    {
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        double sumSq = 0;
        foreach (var g in grads)
            foreach (float v in g.Span) sumSq += (double)v * v;
        double norm = Math.Sqrt(sumSq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
            foreach (var g in grads) System.Numerics.Tensors.TensorPrimitives.Multiply(g.Span, (float)coef, g.Span);
        return (float)norm;
    }
}
