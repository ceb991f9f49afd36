// Layers applied in order, children named "0", "1", ... as torch.nn.Sequential. Under NoGrad each intermediate is
// recycled as soon as the next layer has consumed it, so inference memory stays flat. A BatchNorm2d followed by
// ReLU/ReLU6 runs as one fused op (same values and gradients; the children and their names stay as they are).
using FaceAlign.Kernels;
using FaceAlign.Nn.Autograd;

namespace FaceAlign.Nn.Layers;

public sealed class Sequential : Layer, IFusable
{
    public Sequential(params Layer[] layers)
    {
        for (int i = 0; i < layers.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
    }

    public int Count => Children.Count;

    public Layer this[int index] => (Layer)Children[index].Module;

    public override Tensor Forward(Tensor x)
    {
        var h = x;
        // Indexed, not foreach: the interface enumerator would be an allocation per call.
        for (int i = 0; i < Children.Count; i++)
        {
            var layer = (Layer)Children[i].Module;
            Tensor next;
            if (layer is BatchNorm2d bn && i + 1 < Children.Count && ClampAfter(Children[i + 1].Module) is var act and not Activation.None)
            {
                // BN → ReLU/ReLU6 as one op: one pass over the activations instead of two, forward and backward.
                next = bn.Forward(h, act);
                i++;
            }
            else
            {
                next = layer.Forward(h);
            }
            if (!GradMode.IsEnabled && !ReferenceEquals(h, x) && !ReferenceEquals(next, h) && !h.IsPersistent) h.Dispose();
            h = next;
        }
        return h;
    }

    private static Activation ClampAfter(Module m) => m switch
    {
        ReLU => Activation.Relu,
        ReLU6 => Activation.Relu6,
        _ => Activation.None,
    };

    /// <summary>
    /// Folds each Conv2d → BatchNorm2d pair, and a ReLU/ReLU6/LeakyReLU right after it, into one fused Conv2d (eval mode only).
    /// The fused conv keeps the original conv's child name.
    /// </summary>
    public void FuseForInference()
    {
        var fused = new List<(string, Module)>();
        var items = Children;
        for (int i = 0; i < items.Count; i++)
        {
            var (name, module) = items[i];
            if (module is not Conv2d { FusedActivation: Activation.None, FusedLeakySlope: null } conv)
            {
                fused.Add((name, module));
                continue;
            }
            int next = i + 1;
            BatchNorm2d? bn = next < items.Count ? items[next].Module as BatchNorm2d : null;
            if (bn is not null) next++;
            var activation = next < items.Count ? items[next].Module switch
            {
                ReLU => Activation.Relu,
                ReLU6 => Activation.Relu6,
                _ => Activation.None,
            } : Activation.None;
            float? leakySlope = next < items.Count && items[next].Module is LeakyReLU { NegativeSlope: >= 0 } leaky ? leaky.NegativeSlope : null;
            if (activation != Activation.None || leakySlope is not null) next++;
            if (bn is null && activation == Activation.None && leakySlope is null)
            {
                fused.Add((name, module));
                continue;
            }
            fused.Add((name, conv.Fold(bn, activation, leakySlope)));
            i = next - 1;
        }
        ReplaceChildren(fused);
    }
}
