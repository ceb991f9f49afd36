// A module that knows how to rewrite itself for inference (fold BatchNorm into convs, fuse activations). Sequential
// implements it; a model whose forward calls conv1, bn1, relu by name (as PFLD's backbone does) implements it by
// folding with Conv2d.Fold and swapping its children with ReplaceChild.
namespace FaceAlign.Nn.Layers;

public interface IFusable
{
    /// <summary>Rewrites this module in place; called by <see cref="Fusion.Fuse"/> in eval mode only.</summary>
    void FuseForInference();
}
