// RUN/hard-negatives.json: what was mined at the start of an epoch. A person can read what the detector confused for
// faces; a run resumed mid-epoch reads it back instead of mining with its half-trained weights, so it composes the same
// samples as an unbroken run.
using System.Text.Json;
using FaceAlign.Geometry;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Training.DetectorTraining;

internal static class HardNegativeFile
{
    public const string Name = "hard-negatives.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Save(string path, int epoch, IReadOnlyList<HardNegative> negatives)
    {
        var record = new Record(epoch, [.. negatives.Select(n => new Entry(n.ImagePath, [n.Box.X, n.Box.Y, n.Box.Width, n.Box.Height], n.Score, n.Scale))]);
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(record, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The negatives mined for <paramref name="epoch"/> (0-based), or null when the file holds another epoch's or is missing.</summary>
    public static IReadOnlyList<HardNegative>? Load(string path, int epoch)
    {
        if (!File.Exists(path))
            return null;
        Record? record;
        try
        {
            record = JsonSerializer.Deserialize<Record>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a hard-negative list ({e.Message}); delete it to mine again", e);
        }
        if (record?.Negatives is null || record.Epoch != epoch)
            return null;
        return [.. record.Negatives.Select(e => e.Box is { Length: 4 } b && e.Image is not null
            ? new HardNegative(e.Image, new Box(b[0], b[1], b[2], b[3]), e.Score, e.Scale)
            : throw new InvalidDataException($"{path}: every entry needs an image and a box of four numbers x, y, w, h"))];
    }

    private sealed record Record(int Epoch, Entry[] Negatives);

    private sealed record Entry(string Image, float[] Box, float Score, float Scale);
}
