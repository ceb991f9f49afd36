namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Adobe CMYK and YCCK rows → RGB. Adobe writes CMYK inverted (0 = full ink), so with c, m, y, k as stored,
/// R = c·k/255, G = m·k/255, B = y·k/255 rounded — exactly what libjpeg-turbo's djpeg does when writing CMYK to PPM
/// (cmyk.h, cmyk_to_rgb). YCCK is first turned back into that inverted CMYK: C = 255 − R(Y, Cb, Cr) etc., K as is
/// (libjpeg jdcolor.c ycck_cmyk_convert).
/// </summary>
internal static class CmykToRgb
{
    public static void ConvertCmyk(ReadOnlySpan<byte> c, ReadOnlySpan<byte> m, ReadOnlySpan<byte> y, ReadOnlySpan<byte> k, Span<byte> rgb)
    {
        for (int i = 0; i < c.Length; i++)
        {
            int kk = k[i];
            rgb[3 * i] = Scale(c[i], kk);
            rgb[3 * i + 1] = Scale(m[i], kk);
            rgb[3 * i + 2] = Scale(y[i], kk);
        }
    }

    public static void ConvertYcck(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, ReadOnlySpan<byte> k, Span<byte> rgb)
    {
        // YCC → RGB into the output row, then each channel v becomes the inverted ink 255 − v, scaled by K.
        YCbCrToRgb.Convert(luma, cb, cr, rgb);
        for (int i = 0; i < luma.Length; i++)
        {
            int kk = k[i];
            rgb[3 * i] = Scale(255 - rgb[3 * i], kk);
            rgb[3 * i + 1] = Scale(255 - rgb[3 * i + 1], kk);
            rgb[3 * i + 2] = Scale(255 - rgb[3 * i + 2], kk);
        }
    }

    // round(a·b/255) for a, b in 0..255.
    private static byte Scale(int a, int b) => (byte)((a * b + 127) / 255);
}
