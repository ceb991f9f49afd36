using FaceAlign.Imaging;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// A photometric change of one tile: saturation about the pixel's luma (Rec. 601 weights), then contrast about mid-grey
/// and a brightness offset: c' = (luma + Saturation·(c − luma) − 128)·Contrast + 128 + Brightness, clamped to 0–255.
/// </summary>
internal readonly record struct ColorJitter(float Brightness, float Contrast, float Saturation)
{
    public static ColorJitter None { get; } = new(0, 1, 1);

    /// <summary>
    /// At strength 1: brightness ±32 levels, contrast 0.65–1.35, saturation 0.4–1.4 (and 10 % of tiles fully grey).
    /// Strength 0 is <see cref="None"/> and draws nothing from <paramref name="rng"/>.
    /// </summary>
    public static ColorJitter Draw(Random rng, float strength)
    {
        if (strength <= 0)
            return None;
        float brightness = (float)(rng.NextDouble() * 2 - 1) * 32 * strength;
        float contrast = 1 + (float)(rng.NextDouble() * 2 - 1) * 0.35f * strength;
        float saturation = rng.NextDouble() < 0.1 * strength ? 0 : 1 + (float)(rng.NextDouble() * 2 - 1) * 0.5f * strength - 0.1f * strength;
        return new(brightness, contrast, Math.Max(0, saturation));
    }

    public bool IsNone => this == None;

    /// <summary>Changes an Rgb8 image in place.</summary>
    public void Apply(Image rgb)
    {
        if (IsNone)
            return;
        var px = rgb.Pixels.AsSpan();
        float offset = 128 + Brightness - 128 * Contrast;
        for (int i = 0; i + 2 < px.Length; i += 3)
        {
            float r = px[i], g = px[i + 1], b = px[i + 2];
            float luma = 0.299f * r + 0.587f * g + 0.114f * b;
            px[i] = ToByte((luma + Saturation * (r - luma)) * Contrast + offset);
            px[i + 1] = ToByte((luma + Saturation * (g - luma)) * Contrast + offset);
            px[i + 2] = ToByte((luma + Saturation * (b - luma)) * Contrast + offset);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp(v + 0.5f, 0, 255);
}
