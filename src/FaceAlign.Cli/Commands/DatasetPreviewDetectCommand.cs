using System.CommandLine;
using System.Globalization;
using FaceAlign.Imaging.Drawing;
using FaceAlign.Imaging.Png;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Cli.Commands;

/// <summary>
/// <c>facealign dataset preview-detect --out DIR [--count N] [--seed S] [--size S] [--data-root DIR] [--plain]</c>:
/// composes detector training samples (<see cref="MosaicComposer"/>) for seeds S, S+1, … and writes each as
/// DIR/detect-SEED.png with its target boxes (green) and five points drawn — image-left eye red, image-right eye blue,
/// nose yellow, image-left mouth corner magenta, image-right mouth corner cyan — so mirroring mistakes show at a glance.
/// --plain writes the sample as the trainer sees it, without drawings.
/// </summary>
public static class DatasetPreviewDetectCommand
{
    private static readonly Color[] PointColors = [Color.Red, Color.Blue, Color.Yellow, Color.Magenta, Color.Cyan];

    public static Command Create()
    {
        var outFolder = new Option<string>("--out", "-o") { Description = "Folder for the preview PNGs", Required = true };
        var count = new Option<int>("--count", "-n") { Description = "Number of samples", DefaultValueFactory = _ => 8 };
        var seed = new Option<long>("--seed") { Description = "Seed of the first sample (then seed+1, ...)", DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--size") { Description = "Side of the square samples in pixels", DefaultValueFactory = _ => 640 };
        var dataRoot = new Option<string>("--data-root") { Description = "The shared data folder", DefaultValueFactory = _ => Path.Combine("..", "shared", "data") };
        var plain = new Option<bool>("--plain") { Description = "Write the samples without boxes and points" };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--count must be 1–10000"); });
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 64 or > 4096) r.AddError("--size must be 64–4096"); });
        var command = new Command("preview-detect", "Write composed detector training images with their boxes and five points drawn.");
        foreach (var o in new Option[] { outFolder, count, seed, size, dataRoot, plain }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            string root = parse.GetValue(dataRoot)!, folder = parse.GetValue(outFolder)!;
            if (MosaicComposer.FirstMissingInput(root) is { } missing)
            {
                CliError.Report(missing, "no such file or directory (set --data-root to the shared data folder)", stderr);
                return CliError.Failure;
            }
            MosaicComposer? composer = null;
            if (!CliError.Try(root, () => composer = MosaicComposer.FromSharedData(root, new MosaicOptions { Size = parse.GetValue(size) }), stderr))
                return CliError.Failure;
            long first = parse.GetValue(seed);
            int n = parse.GetValue(count), faces = 0;
            float smallest = float.MaxValue, largest = 0;
            for (long s = first; s < first + n; s++)
            {
                string file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"detect-{s}.png"));
                bool ok = CliError.Try(file, () =>
                {
                    var sample = composer!.Sample(s);
                    if (!parse.GetValue(plain))
                        Draw(sample);
                    OutputFile.WriteAllBytes(file, PngEncoder.Encode(sample.Image));
                    faces += sample.Faces.Count;
                    foreach (var face in sample.Faces)
                    {
                        smallest = Math.Min(smallest, face.Box.Width);
                        largest = Math.Max(largest, face.Box.Width);
                    }
                }, stderr);
                if (!ok)
                    return CliError.Failure;
            }
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {n} samples to {folder}: {faces} faces, box widths {(faces == 0 ? 0 : smallest):F0}–{largest:F0} px ({composer!.PhotoCount} face photos, {composer.BackgroundCount} backgrounds)"));
            return 0;
        });
        return command;
    }

    private static void Draw(DetectionSample sample)
    {
        var canvas = new Canvas(sample.Image);
        foreach (var face in sample.Faces)
        {
            canvas.DrawRectangle(face.Box, face.Box.Width < 30 ? 1 : 2, Color.Green);
            if (face.Landmarks5 is not { } points)
                continue;
            float radius = Math.Clamp(face.Box.Width / 40, 1, 3);
            for (int k = 0; k < points.Length; k++)
                canvas.FillCircle(points[k], radius, PointColors[k]);
        }
        canvas.DrawText($"{sample.Faces.Count} faces", new(4, 4), Color.White, 1, Color.Black.WithAlpha(160));
    }
}
