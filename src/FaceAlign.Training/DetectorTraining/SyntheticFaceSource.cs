// A detector training source that needs no data: noisy backgrounds with coloured rectangles as clutter and 0–3
// "faces" — skin-toned ellipses with two dark eyes, a nose and two mouth corners at the five landmark positions
// (RetinaFace order). A network can learn it in a few hundred steps, so tests and smoke runs can show a detector
// improving; it says nothing about real photographs. About one face in five comes without landmarks, as in WIDER
// FACE's unannotated faces, so that path of the loss is exercised.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Training.DetectorTraining;

public sealed class SyntheticFaceSource : IDetectionSampleSource
{
    public SyntheticFaceSource(int minSide = 96, int maxSide = 160, int minFace = 16, float maxFaceFraction = 0.6f)
    {
        if (minSide < 16 || maxSide < minSide) throw new ArgumentOutOfRangeException(nameof(maxSide), $"image sides must satisfy 16 ≤ {minSide} ≤ {maxSide}");
        if (minFace < 4 || !(maxFaceFraction > 0 && maxFaceFraction <= 1) || minFace > maxFaceFraction * minSide)
            throw new ArgumentOutOfRangeException(nameof(minFace), $"faces from {minFace} px up to {maxFaceFraction} of a {minSide}-px side do not fit");
        MinSide = minSide;
        MaxSide = maxSide;
        MinFace = minFace;
        MaxFaceFraction = maxFaceFraction;
    }

    public int MinSide { get; }

    public int MaxSide { get; }

    public int MinFace { get; }

    public float MaxFaceFraction { get; }

    public DetectionSample Sample(long seed)
    {
        var rng = new Random(unchecked((int)(seed ^ (seed >> 32))) ^ 0x5F3759DF);
        int width = rng.Next(MinSide, MaxSide + 1), height = rng.Next(MinSide, MaxSide + 1);
        var image = new Image(width, height, PixelFormat.Rgb8);
        Background(image, rng);
        var faces = new List<DetectionTarget>();
        int wanted = rng.Next(0, 4);
        for (int attempt = 0; attempt < 20 && faces.Count < wanted; attempt++)
        {
            int maxFace = (int)(MaxFaceFraction * Math.Min(width, height));
            // Log-uniform sizes: small faces are as common as large ones, as in crowd photos.
            float w = MinFace * MathF.Pow(maxFace / (float)MinFace, rng.NextSingle());
            float h = w * (1.1f + 0.2f * rng.NextSingle());
            if (h > height) continue;
            var box = new Box(rng.NextSingle() * (width - w), rng.NextSingle() * (height - h), w, h);
            if (faces.Any(f => f.Box.Inflate(2).IoU(box) > 0 || f.Box.Intersect(box).Area > 0)) continue;
            var points = DrawFace(image, box, rng);
            faces.Add(new DetectionTarget(box, rng.NextDouble() < 0.2 ? null : points));
        }
        return new DetectionSample(image, faces);
    }

    private static void Background(Image image, Random rng)
    {
        var pixels = image.Pixels;
        int r = rng.Next(40, 200), g = rng.Next(40, 200), b = rng.Next(40, 200);
        for (int i = 0; i < pixels.Length; i += 3)
        {
            int noise = rng.Next(-25, 26);
            pixels[i] = Clamp(r + noise);
            pixels[i + 1] = Clamp(g + noise);
            pixels[i + 2] = Clamp(b + noise);
        }
        for (int k = rng.Next(0, 5); k > 0; k--)
        {
            int x0 = rng.Next(image.Width), y0 = rng.Next(image.Height);
            int x1 = Math.Min(image.Width, x0 + rng.Next(8, image.Width / 2)), y1 = Math.Min(image.Height, y0 + rng.Next(8, image.Height / 2));
            byte cr = (byte)rng.Next(256), cg = (byte)rng.Next(256), cb = (byte)rng.Next(256);
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    int i = (y * image.Width + x) * 3;
                    pixels[i] = cr;
                    pixels[i + 1] = cg;
                    pixels[i + 2] = cb;
                }
        }
    }

    /// <summary>Draws a face filling <paramref name="box"/>; returns its five points (eyes, nose, mouth corners).</summary>
    private static Vector2[] DrawFace(Image image, Box box, Random rng)
    {
        var skin = (R: rng.Next(170, 256), G: rng.Next(110, 190), B: rng.Next(80, 150));
        FillEllipse(image, box.Center, box.Width / 2, box.Height / 2, skin);
        float cx = box.CenterX, cy = box.CenterY, w = box.Width, h = box.Height;
        float turn = (rng.NextSingle() - 0.5f) * 0.2f * w;  // a little yaw: features shift sideways together
        Vector2[] points =
        [
            new(cx - 0.2f * w + turn, cy - 0.12f * h),
            new(cx + 0.2f * w + turn, cy - 0.12f * h),
            new(cx + 1.3f * turn, cy + 0.06f * h),
            new(cx - 0.15f * w + turn, cy + 0.24f * h),
            new(cx + 0.15f * w + turn, cy + 0.24f * h),
        ];
        var dark = (R: rng.Next(0, 60), G: rng.Next(0, 50), B: rng.Next(0, 50));
        float eye = Math.Max(1f, 0.08f * w);
        FillEllipse(image, points[0], eye, eye * 0.7f, dark);
        FillEllipse(image, points[1], eye, eye * 0.7f, dark);
        FillEllipse(image, points[2], Math.Max(1f, 0.05f * w), Math.Max(1f, 0.05f * w), dark);
        // The mouth: a dark bar between the corners.
        var mouthCentre = (points[3] + points[4]) / 2;
        FillEllipse(image, mouthCentre, 0.16f * w, Math.Max(1f, 0.035f * h), dark);
        return points;
    }

    private static void FillEllipse(Image image, Vector2 centre, float rx, float ry, (int R, int G, int B) colour)
    {
        int x0 = Math.Max(0, (int)(centre.X - rx)), x1 = Math.Min(image.Width - 1, (int)MathF.Ceiling(centre.X + rx));
        int y0 = Math.Max(0, (int)(centre.Y - ry)), y1 = Math.Min(image.Height - 1, (int)MathF.Ceiling(centre.Y + ry));
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                float dx = (x + 0.5f - centre.X) / rx, dy = (y + 0.5f - centre.Y) / ry;
                if (dx * dx + dy * dy > 1) continue;
                int i = (y * image.Width + x) * 3;
                image.Pixels[i] = (byte)colour.R;
                image.Pixels[i + 1] = (byte)colour.G;
                image.Pixels[i + 2] = (byte)colour.B;
            }
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
