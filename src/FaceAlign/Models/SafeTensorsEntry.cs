namespace FaceAlign.Models;

/// <summary>
/// One tensor's header record: its name, element type, shape and byte range [Begin, End) inside the data buffer
/// that follows the JSON header (offsets are relative to the buffer, not to the file).
/// </summary>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, int[] Shape, long Begin, long End)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in Shape)
                n *= d;
            return n;
        }
    }

    public long ByteLength => End - Begin;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
