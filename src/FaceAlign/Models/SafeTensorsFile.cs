using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace FaceAlign.Models;

/// <summary>
/// A parsed .safetensors file (huggingface/safetensors README): an 8-byte little-endian header length N, N bytes of
/// UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the data buffer.
/// The whole file is held in memory (our models are a few MB); reading does not interpret the tensors' bytes until
/// <see cref="ReadFloat32"/> is asked for one. Writing lives in SafeTensorsFile.Write.cs.
/// </summary>
public sealed partial class SafeTensorsFile
{
    // The reference implementation refuses headers above 100 MB; a larger length is certainly corruption.
    private const long MaxHeaderBytes = 100_000_000;

    // The whole file; tensor offsets are relative to _dataStart.
    private readonly byte[] _file;
    private readonly int _dataStart;
    private readonly Dictionary<string, SafeTensorsEntry> _byName;

    private SafeTensorsFile(string source, byte[] file, int dataStart, List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Source = source;
        _file = file;
        _dataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The file name (or "&lt;memory&gt;") used in error messages.</summary>
    public string Source { get; }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public SafeTensorsEntry this[string name] =>
        _byName.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"{Source}: no tensor named '{name}'");

    public static SafeTensorsFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static SafeTensorsFile Read(ReadOnlySpan<byte> bytes, string source = "<memory>") => Parse(bytes.ToArray(), source);

    /// <summary>
    /// The tensor's values as float32, converting F16 (IEEE half), BF16 (upper 16 bits of a float32) and I64 (integer counters). Throws
    /// <see cref="SafeTensorsFormatException"/> on the first NaN or infinity (naming the tensor and flat index) and
    /// <see cref="NotSupportedException"/> for other dtypes.
    /// </summary>
    public float[] ReadFloat32(string name)
    {
        var values = new float[this[name].ElementCount];
        ReadFloat32(name, values);
        return values;
    }

    /// <summary>As <see cref="ReadFloat32(string)"/>, into a destination of exactly the tensor's element count.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var entry = this[name];
        if (destination.Length != entry.ElementCount)
            throw new ArgumentException($"tensor '{name}' has {entry.ElementCount} elements, destination holds {destination.Length}", nameof(destination));
        var bytes = _file.AsSpan(_dataStart + (int)entry.Begin, (int)entry.ByteLength);
        switch (entry.DType)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case SafeTensorsDType.F32:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
                break;
            case SafeTensorsDType.F16 when BitConverter.IsLittleEndian:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]);
                break;
            case SafeTensorsDType.BF16:
                // bfloat16 is the top half of an IEEE float32, so widening is a 16-bit shift (no rounding needed).
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16);
                break;
            case SafeTensorsDType.I64:
                // PyTorch saves BatchNorm's num_batches_tracked as int64; counters convert to float exactly up to 2^24.
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]);
                break;
            default:
                throw new NotSupportedException($"{Source}: tensor '{name}' has dtype {DTypeName(entry.DType)}; only F32, F16, BF16 and I64 can be read as float32");
        }
        if (TensorPrimitives.IsFiniteAll<float>(destination))
            return;
        for (int i = 0; i < destination.Length; i++)
        {
            if (!float.IsFinite(destination[i]))
                throw new SafeTensorsFormatException($"{Source}: tensor '{name}' has a non-finite value ({destination[i]}) at index {i}");
        }
    }

    /// <summary>
    /// Checks that the file holds exactly the expected tensors with the expected shapes; throws
    /// <see cref="SafeTensorsFormatException"/> naming the first missing, wrong-shaped or unexpected tensor.
    /// </summary>
    public void CheckMatches(IEnumerable<(string name, int[] shape)> expected)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape) in expected)
        {
            seen.Add(name);
            if (!_byName.TryGetValue(name, out var entry))
                throw new SafeTensorsFormatException($"{Source}: missing tensor '{name}' (expected shape [{string.Join(", ", shape)}])");
            if (!entry.Shape.AsSpan().SequenceEqual(shape))
                throw new SafeTensorsFormatException($"{Source}: tensor '{name}' has shape {entry.ShapeText}, expected [{string.Join(", ", shape)}]");
        }
        foreach (var entry in Entries)
        {
            if (!seen.Contains(entry.Name))
                throw new SafeTensorsFormatException($"{Source}: unexpected tensor '{entry.Name}' {entry.ShapeText}");
        }
    }

    private static SafeTensorsFile Parse(byte[] file, string source)
    {
        if (file.Length < 8)
            throw new SafeTensorsFormatException($"{source}: {file.Length} bytes is too short for the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8))
            throw new SafeTensorsFormatException($"{source}: header length {headerLength} runs past the end of the file ({file.Length} bytes)");
        if (headerLength > MaxHeaderBytes)
            throw new SafeTensorsFormatException($"{source}: header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        var header = file.AsSpan(8, (int)headerLength);
        // System.Text.Json only checks UTF-8 when a string is decoded, so validate it once up front.
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw new SafeTensorsFormatException($"{source}: header is not valid UTF-8");
        int dataStart = 8 + (int)headerLength;
        long bufferLength = file.Length - dataStart;

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<SafeTensorsEntry>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException($"{source}: header is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException($"{source}: header is a JSON {doc.RootElement.ValueKind}, not an object");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                // JSON objects may repeat a key; System.Text.Json keeps both, so duplicates are caught here.
                if (!names.Add(property.Name))
                    throw new SafeTensorsFormatException($"{source}: tensor '{property.Name}' is listed twice in the header");
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, bufferLength, source));
            }
        }
        CheckLayout(entries, bufferLength, source);
        return new SafeTensorsFile(source, file, dataStart, entries, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException($"{source}: __metadata__ must be an object of strings, found {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new SafeTensorsFormatException($"{source}: __metadata__ value '{item.Name}' must be a string, found {item.Value.ValueKind}");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw new SafeTensorsFormatException($"{source}: __metadata__ key '{item.Name}' is listed twice");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, long bufferLength, string source)
    {
        string where = $"{source}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsFormatException($"{where}: header entry must be an object, found {value.ValueKind}");
        if (!value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            throw new SafeTensorsFormatException($"{where}: missing string field 'dtype'");
        if (!value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsFormatException($"{where}: missing array field 'shape'");
        if (!value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array || offsetsJson.GetArrayLength() != 2)
            throw new SafeTensorsFormatException($"{where}: missing field 'data_offsets' of two integers");

        var dtype = ParseDType(dtypeJson.GetString()!, where);
        var shape = new int[shapeJson.GetArrayLength()];
        long elements = 1;
        int k = 0;
        foreach (var d in shapeJson.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw new SafeTensorsFormatException($"{where}: shape entry {k} is not a non-negative 32-bit integer ({d.GetRawText()})");
            shape[k++] = dim;
            // Saturate rather than overflow: any product beyond the buffer is reported as a size mismatch below.
            elements = elements > bufferLength ? elements : elements * dim;
        }
        long begin = ReadOffset(offsetsJson[0], where), end = ReadOffset(offsetsJson[1], where);
        if (begin > end)
            throw new SafeTensorsFormatException($"{where}: data_offsets [{begin}, {end}] begin after they end");
        if (end > bufferLength)
            throw new SafeTensorsFormatException($"{where}: data_offsets [{begin}, {end}] run past the {bufferLength}-byte data buffer");
        long expected = elements > bufferLength ? long.MaxValue : elements * ElementSize(dtype);
        if (end - begin != expected)
            throw new SafeTensorsFormatException($"{where}: data_offsets [{begin}, {end}] hold {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtypeJson.GetString()} needs {(expected == long.MaxValue ? "more than the file" : expected.ToString())}");
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static long ReadOffset(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && v >= 0
            ? v
            : throw new SafeTensorsFormatException($"{where}: data offset {e.GetRawText()} is not a non-negative integer");

    // The reference reader requires the tensors to tile the buffer exactly: sorted by begin, no overlap, no gap.
    private static void CheckLayout(List<SafeTensorsEntry> entries, long bufferLength, string source)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long cursor = 0;
        SafeTensorsEntry? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
                throw new SafeTensorsFormatException($"{source}: tensor '{e.Name}' [{e.Begin}, {e.End}] overlaps tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (e.Begin > cursor)
                throw new SafeTensorsFormatException($"{source}: bytes [{cursor}, {e.Begin}) before tensor '{e.Name}' belong to no tensor");
            cursor = e.End;
            previous = e;
        }
        if (cursor != bufferLength)
            throw new SafeTensorsFormatException($"{source}: the data buffer has {bufferLength} bytes but the tensors cover only {cursor}");
    }

    private static SafeTensorsDType ParseDType(string text, string where) => text switch
    {
        "BOOL" => SafeTensorsDType.Bool,
        "U8" => SafeTensorsDType.U8,
        "I8" => SafeTensorsDType.I8,
        "F8_E4M3" => SafeTensorsDType.F8E4M3,
        "F8_E5M2" => SafeTensorsDType.F8E5M2,
        "I16" => SafeTensorsDType.I16,
        "U16" => SafeTensorsDType.U16,
        "F16" => SafeTensorsDType.F16,
        "BF16" => SafeTensorsDType.BF16,
        "I32" => SafeTensorsDType.I32,
        "U32" => SafeTensorsDType.U32,
        "F32" => SafeTensorsDType.F32,
        "F64" => SafeTensorsDType.F64,
        "I64" => SafeTensorsDType.I64,
        "U64" => SafeTensorsDType.U64,
        // Newer sub-byte and complex types are real safetensors dtypes whose packing we do not implement.
        "F4" or "F6_E2M3" or "F6_E3M2" or "F8_E8M0" or "C64" =>
            throw new NotSupportedException($"{where}: dtype {text} is not supported"),
        _ => throw new SafeTensorsFormatException($"{where}: unknown dtype '{text}'"),
    };

    internal static string DTypeName(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool => "BOOL",
        SafeTensorsDType.F8E4M3 => "F8_E4M3",
        SafeTensorsDType.F8E5M2 => "F8_E5M2",
        _ => dtype.ToString(),
    };

    private static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool or SafeTensorsDType.U8 or SafeTensorsDType.I8 or SafeTensorsDType.F8E4M3 or SafeTensorsDType.F8E5M2 => 1,
        SafeTensorsDType.I16 or SafeTensorsDType.U16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.F32 => 4,
        _ => 8,
    };
}
