// The inference rewrite: every IFusable module rewrites itself — Sequentials fold each Conv2d → BatchNorm2d
// (→ ReLU/ReLU6/LeakyReLU) run into one conv with the activation fused into its output write. The model must be in eval mode; outputs are unchanged
// up to float rounding. Parameters change names and count, so fuse after loading weights, never before training.
namespace FaceAlign.Nn.Layers;

public static class Fusion
{
    public static void Fuse(Module root)
    {
        if (root.Modules().Any(m => m.IsTraining))
            throw new InvalidOperationException("Fusion.Fuse: call Eval() first; folding uses the running statistics");
        foreach (var m in root.Modules().ToList())
            if (m is IFusable f) f.FuseForInference();
    }
}
