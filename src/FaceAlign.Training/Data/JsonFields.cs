using System.Text.Json;

namespace FaceAlign.Training.Data;

/// <summary>Typed access to JSON properties for the annotation readers; failures name the location via a prefix.</summary>
internal static class JsonFields
{
    public static JsonElement Property(JsonElement obj, string name, JsonValueKind kind, string where)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new AnnotationFormatException($"{where}: expected an object, found {obj.ValueKind}");
        if (!obj.TryGetProperty(name, out var value))
            throw new AnnotationFormatException($"{where}: missing field '{name}'");
        if (value.ValueKind != kind)
            throw new AnnotationFormatException($"{where}: field '{name}' is {value.ValueKind}, expected {kind}");
        return value;
    }

    public static float Float(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Number)
            throw new AnnotationFormatException($"{where}: {e.GetRawText()} is not a number");
        double v = e.GetDouble();
        if (!double.IsFinite(v) || Math.Abs(v) > float.MaxValue)
            throw new AnnotationFormatException($"{where}: {e.GetRawText()} is not a finite float");
        return (float)v;
    }

    public static long Long(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v)
            ? v
            : throw new AnnotationFormatException($"{where}: {e.GetRawText()} is not an integer");

    public static int Int(JsonElement e, string where) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v)
            ? v
            : throw new AnnotationFormatException($"{where}: {e.GetRawText()} is not a 32-bit integer");

    public static string String(JsonElement obj, string name, string where)
    {
        var s = Property(obj, name, JsonValueKind.String, where).GetString()!;
        return s.Length > 0 ? s : throw new AnnotationFormatException($"{where}: field '{name}' is empty");
    }
}
