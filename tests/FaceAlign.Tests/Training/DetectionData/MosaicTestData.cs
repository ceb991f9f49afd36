using System.Globalization;
using System.Numerics;
using System.Text;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Tests.Training.DetectionData;

/// <summary>
/// Source images whose pixels say where they came from: a "coordinate photo" has R = x and G = y of the source pixel and
/// B = 200, backgrounds have B = 0. With photometric changes off, any mosaic pixel can be traced back to its source
/// position, so tests can check the landmarks and boxes the composer reports against the pixels it painted.
/// </summary>
internal static class MosaicTestData
{
    public const byte PhotoBlue = 200;

    /// <summary>A frontal 68-point face centred at <paramref name="center"/>, <paramref name="width"/> wide (iBUG order).</summary>
    public static Vector2[] Face68(Vector2 center, float width)
    {
        var p = new List<Vector2>();
        for (int k = 0; k <= 16; k++) // jaw, image-left to image-right through the chin
        {
            double a = Math.PI * k / 16;
            p.Add(new Vector2((float)(-0.5 * Math.Cos(a)), (float)(0.55 * Math.Sin(a))));
        }
        for (int k = 0; k < 10; k++) // brows 17–21, 22–26
            p.Add(new Vector2(-0.4f + 0.08f * k + (k >= 5 ? 0.08f : 0), -0.3f));
        for (int k = 0; k < 4; k++) p.Add(new Vector2(0, -0.2f + 0.07f * k)); // nose bridge 27–30 (30: tip)
        for (int k = 0; k < 5; k++) p.Add(new Vector2(-0.08f + 0.04f * k, 0.08f)); // nostrils 31–35
        foreach (float cx in new[] { -0.2f, 0.2f }) // eyes 36–41, 42–47
        {
            for (int k = 0; k < 6; k++)
            {
                double a = Math.PI - 2 * Math.PI * k / 6;
                p.Add(new Vector2(cx + (float)(0.08 * Math.Cos(a)), (float)(-0.18 - 0.03 * Math.Sin(a))));
            }
        }
        for (int k = 0; k < 20; k++) // mouth 48–67: 48 image-left corner, 54 image-right corner
        {
            double a = Math.PI - 2 * Math.PI * (k < 12 ? k / 12.0 : (k - 12) / 8.0);
            float r = k < 12 ? 0.18f : 0.12f;
            p.Add(new Vector2((float)(r * Math.Cos(a)), (float)(0.27 - 0.05 * Math.Sin(a))));
        }
        return p.Select(q => center + q * width).ToArray();
    }

    public static Image CoordinatePhoto(int size = 256)
    {
        var image = new Image(size, size, PixelFormat.Rgb8);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = (y * size + x) * 3;
                image.Pixels[i] = (byte)Math.Min(x, 255);
                image.Pixels[i + 1] = (byte)Math.Min(y, 255);
                image.Pixels[i + 2] = PhotoBlue;
            }
        }
        return image;
    }

    public static Image Background(int width, int height, int seed)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        var random = new Random(seed);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = (byte)random.Next(256);
            image.Pixels[i + 1] = (byte)random.Next(256);
        }
        return image;
    }

    /// <summary>
    /// Writes two coordinate photos (one face each, 120 and 90 px wide) and two backgrounds into
    /// <paramref name="folder"/> and returns them as composer inputs.
    /// </summary>
    public static (FacePhoto[] Photos, string[] Backgrounds) Write(string folder)
    {
        var photo = PngEncoder.Encode(CoordinatePhoto());
        string a = Path.Combine(folder, "a.png"), b = Path.Combine(folder, "b.png");
        File.WriteAllBytes(a, photo);
        File.WriteAllBytes(b, photo);
        string bg1 = Path.Combine(folder, "bg1.png"), bg2 = Path.Combine(folder, "bg2.png");
        File.WriteAllBytes(bg1, PngEncoder.Encode(Background(300, 200, 1)));
        File.WriteAllBytes(bg2, PngEncoder.Encode(Background(150, 260, 2)));
        return (
            [new FacePhoto(a, [Face68(new Vector2(128, 120), 120)]), new FacePhoto(b, [Face68(new Vector2(110, 140), 90)])],
            [bg1, bg2]);
    }

    /// <summary>
    /// A shared-data folder in miniature: ytf68/train.csv (one face), faces-unlabelled/teacher-dlib68.jsonl (one image
    /// with a face, one without) and backgrounds/ (one PNG and a text file that must be ignored).
    /// </summary>
    public static string WriteSharedData(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "ytf68", "images", "train"));
        Directory.CreateDirectory(Path.Combine(root, "faces-unlabelled", "kaggle"));
        Directory.CreateDirectory(Path.Combine(root, "backgrounds"));
        var photo = PngEncoder.Encode(CoordinatePhoto());
        File.WriteAllBytes(Path.Combine(root, "ytf68", "images", "train", "A_01.png"), photo);
        File.WriteAllBytes(Path.Combine(root, "faces-unlabelled", "kaggle", "k1.png"), photo);
        File.WriteAllBytes(Path.Combine(root, "faces-unlabelled", "kaggle", "k2.png"), photo);
        File.WriteAllBytes(Path.Combine(root, "backgrounds", "bg.png"), PngEncoder.Encode(Background(200, 200, 3)));
        File.WriteAllText(Path.Combine(root, "backgrounds", "README.txt"), "not an image");

        var face = Face68(new Vector2(128, 128), 100);
        var csv = new StringBuilder("image");
        for (int k = 0; k < 68; k++) csv.Append(CultureInfo.InvariantCulture, $",x{k},y{k}");
        csv.AppendLine().Append("images/train/A_01.png");
        foreach (var p in face) csv.Append(CultureInfo.InvariantCulture, $",{p.X},{p.Y}");
        File.WriteAllText(Path.Combine(root, "ytf68", "train.csv"), csv.AppendLine().ToString());

        string points = string.Join(",", face.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X},{p.Y}]")));
        File.WriteAllText(Path.Combine(root, "faces-unlabelled", "teacher-dlib68.jsonl"),
            $$"""{"image":"kaggle/k1.png","width":256,"height":256,"faces":[{"box":[78,78,100,100],"score":1.0,"landmarks":[{{points}}]}]}""" + "\n" +
            """{"image":"kaggle/k2.png","width":256,"height":256,"faces":[]}""" + "\n");
        return root;
    }
}
