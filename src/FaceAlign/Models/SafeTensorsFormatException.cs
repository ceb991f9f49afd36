namespace FaceAlign.Models;

/// <summary>
/// A .safetensors file is corrupt or contradicts its own header (bad length, malformed JSON, offsets out of range,
/// non-finite weights...). Valid files using a dtype FaceAlign cannot read throw <see cref="NotSupportedException"/>.
/// </summary>
public class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(string message) : base(message) { }

    public SafeTensorsFormatException(string message, Exception inner) : base(message, inner) { }
}
