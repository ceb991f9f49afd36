using System.CommandLine;
using System.Globalization;
using System.Text;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign landmarks IMAGE --box x,y,w,h</c> or <c>facealign landmarks --list FILE</c> (lines <c>IMAGE x y w h</c>):
/// one JSON line per face, <c>{"image":..,"box":[x,y,w,h],"landmarks":[[x,y],...],"pose":[yaw,pitch,roll]}</c>.
/// The box is the face's landmark box (the tight box around its points, 300-W convention), in pixels.
/// </summary>
public static class LandmarksCommand
{
    public static Command Create()
    {
        var image = new Argument<string?>("image") { Arity = ArgumentArity.ZeroOrOne, Description = "Image file" };
        var box = new Option<string?>("--box") { Description = "Face box x,y,w,h in pixels (with IMAGE)" };
        var list = new Option<string?>("--list") { Description = "File of lines 'IMAGE x y w h'" };
        var model = new Option<string>("--model") { Description = "PFLD weights (.safetensors)", DefaultValueFactory = _ => DefaultModel };
        var command = new Command("landmarks", "Place landmarks and estimate head pose for given face boxes.");
        command.Arguments.Add(image);
        command.Options.Add(box);
        command.Options.Add(list);
        command.Options.Add(model);
        command.SetAction(parse =>
        {
            string? imagePath = parse.GetValue(image), boxText = parse.GetValue(box), listPath = parse.GetValue(list);
            var jobs = new List<(string Image, Box Box, string Where)>();
            bool parsed = CliError.Try(listPath ?? imagePath ?? "landmarks", () =>
            {
                if (listPath is not null && imagePath is null && boxText is null)
                    jobs.AddRange(ReadList(listPath));
                else if (listPath is null && imagePath is not null && boxText is not null)
                    jobs.Add((imagePath, ParseBox(boxText.Split(','), "--box"), "--box"));
                else
                    throw new ArgumentException("give either IMAGE --box x,y,w,h or --list FILE");
            });
            if (!parsed) return CliError.Failure;

            PfldLandmarker? landmarker = null;
            string modelPath = parse.GetValue(model)!;
            if (!CliError.Try(modelPath, () => landmarker = PfldLandmarker.Load(modelPath))) return CliError.Failure;

            bool allOk = true;
            foreach (var group in jobs.GroupBy(j => j.Image))
            {
                allOk &= CliError.Try(group.Key, () =>
                {
                    var picture = Image.Load(group.Key);
                    var boxes = group.Select(j => j.Box).ToList();
                    var points = landmarker!.Predict(picture, boxes);
                    for (int i = 0; i < boxes.Count; i++)
                    {
                        var pose = HeadPoseEstimator.Estimate(points[i], picture.Width, picture.Height).Angles;
                        Console.Out.WriteLine(Json(group.Key, boxes[i], points[i], pose));
                    }
                    Console.Out.Flush();
                });
            }
            return allOk ? 0 : CliError.Failure;
        });
        return command;
    }

    /// <summary>The default 68-point model, looked for under models/ in the current folder.</summary>
    private static string DefaultModel => Path.Combine("models", "pfld68-0.25x.safetensors");

    private static IEnumerable<(string, Box, string)> ReadList(string path)
    {
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5) throw new FormatException($"{path}:{lineNumber}: expected 'IMAGE x y w h', got {fields.Length} fields");
            string image = Path.IsPathRooted(fields[0]) ? fields[0] : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, fields[0]);
            yield return (image, ParseBox(fields[1..], $"{path}:{lineNumber}"), $"{path}:{lineNumber}");
        }
    }

    private static Box ParseBox(string[] fields, string where)
    {
        var v = new float[4];
        if (fields.Length != 4 || fields.Select((f, i) => float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i])).Any(ok => !ok))
            throw new FormatException($"{where}: a box is four numbers x,y,w,h");
        if (!(v[2] > 0 && v[3] > 0) || v.Any(x => !float.IsFinite(x)))
            throw new FormatException($"{where}: box width and height must be positive and finite");
        return new Box(v[0], v[1], v[2], v[3]);
    }

    private static string Json(string image, Box box, ReadOnlySpan<System.Numerics.Vector2> points, EulerAngles pose)
    {
        var s = new StringBuilder();
        s.Append("{\"image\":").Append(System.Text.Json.JsonSerializer.Serialize(image));
        s.Append(CultureInfo.InvariantCulture, $",\"box\":[{box.X:0.##},{box.Y:0.##},{box.Width:0.##},{box.Height:0.##}],\"landmarks\":[");
        for (int k = 0; k < points.Length; k++)
            s.Append(CultureInfo.InvariantCulture, $"{(k > 0 ? "," : "")}[{points[k].X:0.##},{points[k].Y:0.##}]");
        s.Append(CultureInfo.InvariantCulture, $"],\"pose\":[{pose.Yaw:0.##},{pose.Pitch:0.##},{pose.Roll:0.##}]}}");
        return s.ToString();
    }
}
