namespace FaceAlign.Pipeline;

/// <summary>
/// A model that should be embedded in the FaceAlign assembly is not: the build had no models/*.safetensors for it.
/// <see cref="Exception.Message"/> names the missing resources and what to do instead.
/// </summary>
public sealed class MissingModelException : FileNotFoundException
{
    public MissingModelException(string message, string resource)
        : base(message, resource)
    {
    }
}
