using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using FaceAlign.Detection;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;
using FaceAlign.Imaging.Jpeg;
using FaceAlign.Imaging.Png;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign faces IMAGE... [--model M] [--draw OUT] [--threshold S] [--nms-iou T] [--max-side N] [--threads N]</c>: the
/// detector alone. One JSON line per image on stdout,
/// <c>{"image":..,"faces":[{"box":[x,y,w,h],"score":..,"landmarks5":[[x,y],...]}]}</c>, faces by descending score, in the
/// image's pixels (landmarks in RetinaFace order: eyes, nose, mouth corners, image-left first). --draw writes annotated
/// pictures: to OUT itself when there is one IMAGE and OUT ends in .png or .jpg, else to OUT/NAME.png. A failing image is
/// reported as <c>facealign: PATH: reason</c> and the rest continue; exit 1 if any failed.
/// </summary>
public static class FacesCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("image") { Arity = ArgumentArity.OneOrMore, Description = "Image files" };
        var model = new Option<string?>("--model") { Description = "Detector weights (.safetensors; default: the embedded model)" };
        var draw = new Option<string?>("--draw") { Description = "Write annotated pictures: a .png/.jpg file for one image, else a folder" };
        var threshold = new Option<float>("--threshold") { Description = "Minimum face score", DefaultValueFactory = _ => FaceDetectorOptions.Default.ScoreThreshold };
        var nms = new Option<float>("--nms-iou") { Description = "NMS IoU threshold", DefaultValueFactory = _ => FaceDetectorOptions.Default.NmsIoU };
        var maxSide = new Option<int>("--max-side")
        {
            Description = "Shrink images whose longer side exceeds this before detecting (faster, misses the smallest faces); 0 = full resolution",
            DefaultValueFactory = _ => FaceDetectorOptions.Default.MaxLongSide ?? 0,
        };
        var threads = new Option<int>("--threads", "-j") { Description = "Compute threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("faces", "Find faces (box, score, five landmarks) with the RetinaFace detector.");
        command.Arguments.Add(images);
        foreach (var o in new Option[] { model, draw, threshold, nms, maxSide, threads }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var paths = parse.GetRequiredValue(images);
            string? drawTo = parse.GetValue(draw);
            var options = FaceDetectorOptions.Default with
            {
                ScoreThreshold = parse.GetValue(threshold),
                NmsIoU = parse.GetValue(nms),
                MaxLongSide = parse.GetValue(maxSide) is var side && side != 0 ? side : null,
            };
            if (parse.GetValue(threads) < 1)
            {
                CliError.Report("faces", "--threads must be at least 1", error);
                return CliError.Failure;
            }
            string? modelPath = parse.GetValue(model);
            FaceDetector? detector = null;
            int previousThreads = Kernels.ComputeThreads.Count;
            Kernels.ComputeThreads.Count = parse.GetValue(threads);
            try
            {
                if (!CliError.Try(modelPath ?? "faces", () => detector = Load(modelPath, options), error)) return CliError.Failure;
                bool singleFile = drawTo is not null && paths.Length == 1 && IsPictureFile(drawTo);
                bool allOk = true;
                foreach (string path in paths)
                {
                    allOk &= CliError.Try(path, () =>
                    {
                        var image = Image.Decode(InputFile.Read(path));
                        var faces = detector!.Detect(image);
                        output.WriteLine(Json(path, faces));
                        output.Flush();
                        if (drawTo is not null)
                        {
                            string target = singleFile ? drawTo : Path.Combine(drawTo, Path.GetFileNameWithoutExtension(path) + ".png");
                            var picture = Annotate(image, faces);
                            OutputFile.WriteAllBytes(target, IsJpeg(target) ? JpegEncoder.Encode(picture, 90) : PngEncoder.Encode(picture));
                        }
                    }, error);
                }
                return allOk ? 0 : CliError.Failure;
            }
            finally
            {
                Kernels.ComputeThreads.Count = previousThreads;
            }
        });
        return command;
    }

    private static FaceDetector Load(string? path, FaceDetectorOptions options)
    {
        if (path is not null) return FaceDetector.Load(path, options);
        try
        {
            return Pipeline.DefaultModels.LoadDetector(options);
        }
        catch (Pipeline.MissingModelException e)
        {
            throw new Pipeline.MissingModelException($"this build has no embedded detector ({e.FileName}): pass --model FILE.safetensors", e.FileName ?? "");
        }
    }

    private static bool IsPictureFile(string path) => Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    private static bool IsJpeg(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg";

    internal static string Json(string image, IReadOnlyList<DetectedFace> faces)
    {
        var s = new StringBuilder();
        s.Append("{\"image\":").Append(System.Text.Json.JsonSerializer.Serialize(image)).Append(",\"faces\":[");
        for (int i = 0; i < faces.Count; i++)
        {
            var f = faces[i];
            s.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture,
                $"{{\"box\":[{f.Box.X:0.##},{f.Box.Y:0.##},{f.Box.Width:0.##},{f.Box.Height:0.##}],\"score\":{f.Score:0.####},\"landmarks5\":[");
            for (int k = 0; k < f.Landmarks5.Length; k++)
                s.Append(CultureInfo.InvariantCulture, $"{(k > 0 ? "," : "")}[{f.Landmarks5[k].X:0.##},{f.Landmarks5[k].Y:0.##}]");
            s.Append("]}");
        }
        return s.Append("]}").ToString();
    }

    /// <summary>An RGB copy with each face's box, five points and score drawn on it.</summary>
    private static Image Annotate(Image image, IReadOnlyList<DetectedFace> faces)
    {
        var picture = image.Format == PixelFormat.Rgb8 ? image.Clone() : image.ToRgb();
        var canvas = new Canvas(picture);
        foreach (var face in faces)
        {
            float size = Math.Max(face.Box.Width, face.Box.Height), line = Math.Max(1.5f, size / 80);
            canvas.DrawRectangle(face.Box, line, Color.Green);
            foreach (var p in face.Landmarks5) canvas.FillCircle(p, Math.Max(1.5f, size / 60), Color.Yellow);
            string label = face.Score.ToString("0.00", CultureInfo.InvariantCulture);
            var (_, height) = Canvas.MeasureText(label);
            float top = face.Box.Y - height - 2;
            canvas.DrawText(label, new Vector2(face.Box.X, top >= 0 ? top : face.Box.Y + line + 1), Color.White, 1, Color.Black.WithAlpha(160));
        }
        return picture;
    }
}
