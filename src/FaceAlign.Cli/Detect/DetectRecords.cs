// The text of detect's results: one JSON object per image, or CSV rows per face. Numbers are invariant-culture,
// pixel coordinates and angles rounded to 0.01, scores to 1e-4; a value that is unknown is JSON null / an empty cell.
using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FaceAlign.Pipeline;

namespace FaceAlign.Cli.Detect;

internal static class DetectRecords
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>{"image":PATH,"width":W,"height":H,"faces":[{"box":[x,y,w,h],"score":S,"landmarks5":[[x,y]×5],
    /// "landmarks":[[x,y]×68],"pose":{"yaw":..,"pitch":..,"roll":..},"quality":{"size":..,"outside_fraction":..,
    /// "sharpness":..,"profile":..,"pose_fit_error":..}}],"timings_ms":{"decode":..,"detect":..,"landmarks":..}}</c>
    /// on one line.
    /// </summary>
    public static string Json(ImageResult result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("image", result.Input.Path);
            json.WriteNumber("width", result.Width);
            json.WriteNumber("height", result.Height);
            json.WriteStartArray("faces");
            foreach (var face in result.Faces)
                WriteFace(json, face);
            json.WriteEndArray();
            json.WriteStartObject("timings_ms");
            json.WriteNumber("decode", Math.Round(result.DecodeMs, 2));
            json.WriteNumber("detect", Math.Round(result.DetectMs, 2));
            json.WriteNumber("landmarks", Math.Round(result.LandmarksMs, 2));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteFace(Utf8JsonWriter json, Face face)
    {
        json.WriteStartObject();
        json.WriteStartArray("box");
        foreach (float v in (ReadOnlySpan<float>)[face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height])
            json.WriteNumberValue(Round(v));
        json.WriteEndArray();
        json.WriteNumber("score", Math.Round(face.Score, 4));
        WritePoints(json, "landmarks5", face.Landmarks5);
        if (face.Landmarks is null)
            json.WriteNull("landmarks");
        else
            WritePoints(json, "landmarks", face.Landmarks);
        if (face.Pose is { } pose)
        {
            json.WriteStartObject("pose");
            json.WriteNumber("yaw", Math.Round(pose.Yaw, 2));
            json.WriteNumber("pitch", Math.Round(pose.Pitch, 2));
            json.WriteNumber("roll", Math.Round(pose.Roll, 2));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("pose");
        }
        var q = face.Quality;
        json.WriteStartObject("quality");
        json.WriteNumber("size", Round(q.Size));
        json.WriteNumber("outside_fraction", Math.Round(q.OutsideFraction, 4));
        json.WriteNumber("sharpness", Round(q.Sharpness));
        if (q.Profile is { } profile) json.WriteBoolean("profile", profile);
        else json.WriteNull("profile");
        if (q.PoseFitError is { } error) json.WriteNumber("pose_fit_error", Math.Round(error, 4));
        else json.WriteNull("pose_fit_error");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter json, string name, Vector2[] points)
    {
        json.WriteStartArray(name);
        foreach (var p in points)
        {
            json.WriteStartArray();
            json.WriteNumberValue(Round(p.X));
            json.WriteNumberValue(Round(p.Y));
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static double Round(float v) => Math.Round((double)v, 2);

    /// <summary>The CSV header for a model placing <paramref name="landmarks"/> points per face.</summary>
    public static string CsvHeader(int landmarks)
    {
        var s = new StringBuilder("image,width,height,face,score,x,y,w,h,yaw,pitch,roll,size,outside_fraction,sharpness,profile,pose_fit_error");
        for (int k = 0; k < 5; k++) s.Append(CultureInfo.InvariantCulture, $",p{k}_x,p{k}_y");
        for (int k = 0; k < landmarks; k++) s.Append(CultureInfo.InvariantCulture, $",l{k}_x,l{k}_y");
        return s.ToString();
    }

    /// <summary>One line per face (no trailing newline after the last); empty for an image without faces.</summary>
    public static string CsvRows(ImageResult result, int landmarks)
    {
        var s = new StringBuilder();
        for (int i = 0; i < result.Faces.Count; i++)
        {
            var face = result.Faces[i];
            if (i > 0) s.Append('\n');
            s.Append(CsvField(result.Input.Path)).Append(CultureInfo.InvariantCulture, $",{result.Width},{result.Height},{i},{Math.Round(face.Score, 4)}");
            Append(s, face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height);
            if (face.Pose is { } pose) s.Append(CultureInfo.InvariantCulture, $",{Math.Round(pose.Yaw, 2)},{Math.Round(pose.Pitch, 2)},{Math.Round(pose.Roll, 2)}");
            else s.Append(",,,");
            var q = face.Quality;
            s.Append(CultureInfo.InvariantCulture, $",{Round(q.Size)},{Math.Round(q.OutsideFraction, 4)},{Round(q.Sharpness)}");
            s.Append(q.Profile is { } profile ? (profile ? ",true" : ",false") : ",");
            s.Append(q.PoseFitError is { } error ? string.Create(CultureInfo.InvariantCulture, $",{Math.Round(error, 4)}") : ",");
            AppendPoints(s, face.Landmarks5, 5);
            AppendPoints(s, face.Landmarks ?? [], landmarks);
        }
        return s.ToString();
    }

    /// <summary>Exactly <paramref name="count"/> x,y pairs; missing points are empty cells.</summary>
    private static void AppendPoints(StringBuilder s, Vector2[] points, int count)
    {
        for (int k = 0; k < count; k++)
        {
            if (k < points.Length) Append(s, points[k].X, points[k].Y);
            else s.Append(",,");
        }
    }

    private static void Append(StringBuilder s, params ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            s.Append(',').Append(Round(v).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    public static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

}
