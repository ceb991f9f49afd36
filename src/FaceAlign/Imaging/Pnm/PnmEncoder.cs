using System.Text;

namespace FaceAlign.Imaging.Pnm;

/// <summary>
/// Writes binary Netpbm with maxval 255: P6 (PPM, colour) or P5 (PGM, grey), whichever the caller asks for, converting
/// the image if needed. Alpha is dropped, not composited. The ASCII variants (P2/P3) are not written.
/// </summary>
public static class PnmEncoder
{
    /// <summary>P6 whatever the input (grey is replicated into R, G and B).</summary>
    public static byte[] EncodePpm(Image image) => Write("P6", image.Width, image.Height, image.ToRgb().Pixels);

    /// <summary>P5 whatever the input; colour becomes ITU-R BT.601 luma, Y = 0.299 R + 0.587 G + 0.114 B, rounded.</summary>
    public static byte[] EncodePgm(Image image)
    {
        if (image.Format == PixelFormat.Gray8)
            return Write("P5", image.Width, image.Height, image.Pixels);
        var grey = new byte[image.Width * image.Height];
        var src = image.Pixels;
        int channels = image.Channels;
        for (int i = 0, s = 0; i < grey.Length; i++, s += channels)
            grey[i] = (byte)((19595 * src[s] + 38470 * src[s + 1] + 7471 * src[s + 2] + 32768) >> 16); // weights × 2^16
        return Write("P5", image.Width, image.Height, grey);
    }

    private static byte[] Write(string magic, int width, int height, byte[] samples)
    {
        var header = Encoding.ASCII.GetBytes($"{magic}\n{width} {height}\n255\n");
        var file = new byte[header.Length + samples.Length];
        header.CopyTo(file, 0);
        samples.CopyTo(file, header.Length);
        return file;
    }
}
