using System.Globalization;
using System.Numerics;
using System.Text;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;
using FaceAlign.Imaging.Png;

namespace FaceAlign.Tests.Training.PfldTraining;

/// <summary>
/// Writes a small landmark data set that needs no research data: line drawings of a 68-point face (jaw, brows, nose,
/// eyes and mouth in the iBUG order) under random similarity transforms on noisy backgrounds, as PNGs plus a CSV in
/// the ytf68 format. A model can learn it, so a training test can show NME falling.
/// </summary>
public static class SyntheticFaces
{
    public static string Write(string folder, string name, int count, int seed, int size = 128)
    {
        Directory.CreateDirectory(folder);
        var rng = new Random(seed);
        var template = Template();
        var csv = new StringBuilder("image");
        for (int k = 0; k < 68; k++) csv.Append(CultureInfo.InvariantCulture, $",x{k},y{k}");
        csv.AppendLine();
        for (int i = 0; i < count; i++)
        {
            double angle = (rng.NextDouble() * 2 - 1) * 0.3, scale = size * (0.5 + 0.2 * rng.NextDouble());
            var t = AffineTransform.FromRotationScaleTranslation(angle, scale, size / 2.0 + (rng.NextDouble() - 0.5) * size * 0.15,
                size / 2.0 + (rng.NextDouble() - 0.5) * size * 0.15);
            var points = template.Select(p => t.Apply(p)).ToArray();
            var image = new Image(size, size, PixelFormat.Rgb8);
            for (int j = 0; j < image.Pixels.Length; j++) image.Pixels[j] = (byte)(90 + rng.Next(60));
            var canvas = new Canvas(image);
            var ink = new Color((byte)rng.Next(0, 60), (byte)rng.Next(0, 60), (byte)rng.Next(150, 255));
            foreach (var (from, to, closed) in Parts)
            {
                canvas.DrawPolyline(points.AsSpan(from, to - from + 1), 1.5f, ink, closed);
            }
            string file = $"{name}_{i:D4}.png";
            File.WriteAllBytes(Path.Combine(folder, file), PngEncoder.Encode(image));
            csv.Append(file);
            foreach (var p in points) csv.Append(CultureInfo.InvariantCulture, $",{p.X:F2},{p.Y:F2}");
            csv.AppendLine();
        }
        string path = Path.Combine(folder, name + ".csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    // iBUG 68 groups: jaw 0–16, brows 17–21 and 22–26, nose 27–35, eyes 36–41 and 42–47, mouth 48–59 and 60–67.
    private static readonly (int From, int To, bool Closed)[] Parts =
        [(0, 16, false), (17, 21, false), (22, 26, false), (27, 30, false), (31, 35, false), (36, 41, true), (42, 47, true), (48, 59, true), (60, 67, true)];

    /// <summary>A frontal face outline in units of its width, centred on the origin (y down).</summary>
    private static Vector2[] Template()
    {
        var p = new List<Vector2>();
        for (int k = 0; k <= 16; k++)
        {
            double a = Math.PI * k / 16;
            p.Add(new Vector2((float)(-0.5 * Math.Cos(a)), (float)(0.55 * Math.Sin(a) - 0.05)));
        }
        for (int side = -1; side <= 1; side += 2)
            for (int k = 0; k < 5; k++)
                p.Add(new Vector2(side * (0.08f + 0.07f * (side < 0 ? 4 - k : k)), -0.3f - 0.04f * MathF.Sin(MathF.PI * k / 4)));
        for (int k = 0; k < 4; k++) p.Add(new Vector2(0, -0.2f + 0.07f * k));
        for (int k = 0; k < 5; k++) p.Add(new Vector2(-0.08f + 0.04f * k, 0.08f + 0.02f * (2 - Math.Abs(k - 2)) / 2));
        foreach (float cx in new[] { -0.2f, 0.2f })
            for (int k = 0; k < 6; k++)
            {
                double a = Math.PI - 2 * Math.PI * k / 6;
                p.Add(new Vector2(cx + (float)(0.08 * Math.Cos(a)), (float)(-0.18 - 0.03 * Math.Sin(a))));
            }
        for (int k = 0; k < 12; k++)
        {
            double a = Math.PI - 2 * Math.PI * k / 12;
            p.Add(new Vector2((float)(0.18 * Math.Cos(a)), (float)(0.27 - 0.07 * Math.Sin(a))));
        }
        for (int k = 0; k < 8; k++)
        {
            double a = Math.PI - 2 * Math.PI * k / 8;
            p.Add(new Vector2((float)(0.12 * Math.Cos(a)), (float)(0.27 - 0.025 * Math.Sin(a))));
        }
        return [.. p];
    }
}
