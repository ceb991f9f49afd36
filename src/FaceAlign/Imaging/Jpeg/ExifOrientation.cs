namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The EXIF orientation tag (TIFF 6.0 tag 0x0112, carried in an APP1 "Exif\0\0" segment, EXIF 2.3 §4.6.4) and the
/// rotation/flip that turns the stored pixels into what a viewer shows. Malformed EXIF is ignored (orientation 1):
/// it says nothing about whether the pixels are sound.
/// </summary>
internal static class ExifOrientation
{
    /// <summary>Orientation 1–8 from an APP1 payload; 0 when the segment is not EXIF, 1 when it has no valid tag.</summary>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (!app1.StartsWith("Exif\0\0"u8))
            return 0;
        var tiff = app1[6..];
        if (tiff.Length < 8)
            return 1;
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
            little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M')
            little = false;
        else
            return 1;
        if (U16(tiff, 2, little) != 42)
            return 1;
        long ifd = U32(tiff, 4, little);
        if (ifd > tiff.Length - 2)
            return 1;
        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length)
                break;
            int e = (int)entry;
            if (U16(tiff, e, little) != 0x0112)
                continue;
            int type = U16(tiff, e + 2, little);
            // SHORT (3) is what the standard says; tolerate LONG (4) as some writers use it.
            long value = type == 3 ? U16(tiff, e + 8, little) : type == 4 ? U32(tiff, e + 8, little) : 0;
            return value is >= 1 and <= 8 ? (int)value : 1;
        }
        return 1;
    }

    private static int U16(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? d[at] | d[at + 1] << 8 : d[at] << 8 | d[at + 1];

    private static long U32(ReadOnlySpan<byte> d, int at, bool little) =>
        little
            ? (uint)(d[at] | d[at + 1] << 8 | d[at + 2] << 16 | d[at + 3] << 24)
            : (uint)(d[at] << 24 | d[at + 1] << 16 | d[at + 2] << 8 | d[at + 3]);

    /// <summary>
    /// The image as displayed for an orientation: 2 mirror, 3 rotate 180°, 4 flip vertically, 5 transpose,
    /// 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise. Returns the input for 1.
    /// </summary>
    public static Image Apply(Image image, int orientation)
    {
        if (orientation is < 2 or > 8)
            return image;
        int w = image.Width, h = image.Height, n = image.Channels;
        bool swap = orientation >= 5;
        int outW = swap ? h : w, outH = swap ? w : h;
        var result = new Image(outW, outH, image.Format, GC.AllocateUninitializedArray<byte>(outW * outH * n));
        var src = image.Pixels;
        var dst = result.Pixels;
        for (int y = 0; y < outH; y++)
        {
            // Along a display row the stored position moves by a constant step, so find it for x = 0 and x = 1.
            var (sx, sy) = StoredPosition(orientation, 0, y, w, h);
            var (nx, ny) = StoredPosition(orientation, 1, y, w, h);
            int from = (sy * w + sx) * n, step = ((ny - sy) * w + (nx - sx)) * n;
            var row = dst.AsSpan(y * outW * n, outW * n);
            for (int x = 0; x < row.Length; x += n, from += step)
            {
                for (int c = 0; c < n; c++)
                    row[x + c] = src[from + c];
            }
        }
        return result;
    }

    // The stored pixel shown at display position (x, y).
    private static (int X, int Y) StoredPosition(int orientation, int x, int y, int w, int h) => orientation switch
    {
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        _ => (w - 1 - y, x),
    };
}
