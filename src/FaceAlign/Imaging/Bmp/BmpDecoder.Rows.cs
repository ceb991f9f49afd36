using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Bmp;

/// <summary>
/// Byte-order swaps for the common layouts (B, G, R → R, G, B; B, G, R, A/X → R, G, B[, A]): a Vector128 byte
/// shuffle over 16-byte windows where the hardware has one, the scalar loop (also the tail) otherwise.
/// </summary>
public static partial class BmpDecoder
{
    internal static void BgrToRgb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Five pixels per step: byte 15 belongs to the next pixel; the next step (or the tail) rewrites it.
            var order = Vector128.Create((byte)2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9, 14, 13, 12, 15);
            for (; i + 16 <= dst.Length; i += 15)
                Vector128.Shuffle(Vector128.Create(src.Slice(i, 16)), order).CopyTo(dst.Slice(i, 16));
        }
        BgrToRgbScalar(src[i..], dst[i..]);
    }

    internal static void BgrToRgbScalar(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        for (int i = 0; i + 2 < dst.Length; i += 3)
        {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
    }

    internal static void BgraToRgbx(ReadOnlySpan<byte> src, Span<byte> dst, bool alpha)
    {
        int s = 0, d = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Four pixels per step; without alpha only 12 of the 16 bytes written are kept (the rest is rewritten).
            var order = alpha
                ? Vector128.Create((byte)2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15)
                : Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 15, 15, 15, 15);
            int step = alpha ? 16 : 12;
            for (; d + 16 <= dst.Length; s += 16, d += step)
                Vector128.Shuffle(Vector128.Create(src.Slice(s, 16)), order).CopyTo(dst.Slice(d, 16));
        }
        BgraToRgbxScalar(src[s..], dst[d..], alpha);
    }

    internal static void BgraToRgbxScalar(ReadOnlySpan<byte> src, Span<byte> dst, bool alpha)
    {
        int channels = alpha ? 4 : 3;
        for (int s = 0, d = 0; d < dst.Length; s += 4, d += channels)
        {
            dst[d] = src[s + 2];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s];
            if (alpha)
                dst[d + 3] = src[s + 3];
        }
    }
}
