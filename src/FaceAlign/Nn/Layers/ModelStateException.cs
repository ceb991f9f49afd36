// A state dict (weights being loaded) that does not fit the model: a missing, unexpected or mis-shaped entry, or a
// non-finite value.
namespace FaceAlign.Nn.Layers;

public class ModelStateException : Exception
{
    public ModelStateException(string message) : base(message) { }
}
