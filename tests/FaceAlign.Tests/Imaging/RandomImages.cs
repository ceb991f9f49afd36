using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

/// <summary>Seeded synthetic images for resampling tests: noise (worst case for interpolation) and smooth gradients.</summary>
internal static class RandomImages
{
    public static Image Noise(int width, int height, PixelFormat format, int seed)
    {
        var image = new Image(width, height, format);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>Each channel a different linear ramp plus a little noise: natural-image-like, with real structure.</summary>
    public static Image Smooth(int width, int height, PixelFormat format, int seed)
    {
        var random = new Random(seed);
        var image = new Image(width, height, format);
        int ch = image.Channels;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < ch; c++)
                {
                    double v = 128 + 100 * Math.Sin((x * (c + 1) + y * (3 - c)) * 0.05) + random.Next(-8, 9);
                    image.Pixels[(y * width + x) * ch + c] = (byte)Math.Clamp(v, 0, 255);
                }
            }
        }
        return image;
    }

    public static byte At(Image image, int x, int y, int c) => image.Pixels[(y * image.Width + x) * image.Channels + c];
}
