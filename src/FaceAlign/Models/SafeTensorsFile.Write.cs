using System.Buffers.Binary;
using System.Text.Json;

namespace FaceAlign.Models;

/// <summary>Writing float32 .safetensors files, laid out as the reference writer does.</summary>
public sealed partial class SafeTensorsFile
{
    /// <summary>
    /// Writes the tensors as F32 in the given order with contiguous data offsets. The JSON header is padded with
    /// spaces so that 8 + header length is a multiple of 8, which keeps the data buffer 8-byte aligned.
    /// </summary>
    public static void Write(string path, IEnumerable<(string name, int[] shape, ReadOnlyMemory<float> data)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        File.WriteAllBytes(path, Serialize(tensors, metadata));
    }

    /// <summary>The bytes <see cref="Write"/> would put in a file.</summary>
    public static byte[] Serialize(IEnumerable<(string name, int[] shape, ReadOnlyMemory<float> data)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape, data) in list)
            {
                if (name == "__metadata__" || !names.Add(name))
                    throw new ArgumentException($"tensor name '{name}' is reserved or repeated", nameof(tensors));
                long elements = 1;
                foreach (int d in shape)
                {
                    if (d < 0)
                        throw new ArgumentException($"tensor '{name}' has a negative dimension", nameof(tensors));
                    elements *= d;
                }
                if (elements != data.Length)
                    throw new ArgumentException($"tensor '{name}' has {data.Length} values but shape [{string.Join(", ", shape)}] needs {elements}", nameof(tensors));
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int d in shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + 4 * elements);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += 4 * elements;
            }
            writer.WriteEndObject();
        }

        int headerLength = (int)json.Length;
        int padded = (headerLength + 7) / 8 * 8;
        long dataLength = list.Sum(t => 4L * t.data.Length);
        var bytes = new byte[8 + padded + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.GetBuffer().AsSpan(0, headerLength).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        int at = 8 + padded;
        foreach (var (_, _, data) in list)
        {
            foreach (float v in data.Span)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), v);
                at += 4;
            }
        }
        return bytes;
    }
}
