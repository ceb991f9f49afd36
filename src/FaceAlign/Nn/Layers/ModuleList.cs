// nn.ModuleList: children named "0", "1", ... held for indexing, with no forward of their own (RetinaFace keeps one
// head per pyramid level this way, so its state-dict names read ClassHead.0.conv1x1.weight, ClassHead.1...).
namespace FaceAlign.Nn.Layers;

public sealed class ModuleList<T> : Module where T : Module
{
    public ModuleList(params T[] modules)
    {
        for (int i = 0; i < modules.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), modules[i]);
    }

    public int Count => Children.Count;

    public T this[int index] => (T)Children[index].Module;
}
