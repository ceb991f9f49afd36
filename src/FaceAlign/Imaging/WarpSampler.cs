using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging;

/// <summary>
/// The sampling half of an affine warp: bilinear interpolation of the four taps a <see cref="WarpRow"/> located,
/// rounded to 8 bits. Interior RGB/RGBA pixels take a Vector256 path (WarpSampler.Vector256.cs) or, without AVX2, a
/// Vector128 one; grey, border pixels and machines without SIMD take the scalar path. All evaluate the same float
/// expression (<see cref="Lerp2"/>), so they produce identical bytes.
/// </summary>
internal static partial class WarpSampler
{
    public static void SampleRow(Image source, WarpRow row, Border border, Span<byte> destination)
    {
        int ch = source.Channels;
        if (destination.Length < row.Width * ch)
            throw new ArgumentException($"destination row holds {destination.Length} bytes, need {row.Width * ch}", nameof(destination));
        if (ch >= 3 && Vector256.IsHardwareAccelerated)
            SampleInteriorVector256(source, row, destination);
        else if (ch >= 3 && Vector128.IsHardwareAccelerated)
            SampleInteriorVector128(source, row, destination);
        else
            SampleInteriorScalar(source, row, destination);
        // Border pixels are few (none in a typical face crop); a second pass keeps the interior loop tight.
        ReadOnlySpan<int> offsets = row.Offsets;
        for (int u = 0; u < offsets.Length; u++)
        {
            if (offsets[u] < 0)
                SampleBorder(source, row.X0[u], row.Y0[u], row.Fx[u], row.Fy[u], border, destination.Slice(u * ch, ch));
        }
    }

    private static void SampleInteriorScalar(Image source, WarpRow row, Span<byte> destination)
    {
        int ch = source.Channels;
        ReadOnlySpan<int> offsets = row.Offsets;
        ReadOnlySpan<float> fxs = row.Fx, fys = row.Fy;
        for (int u = 0; u < offsets.Length; u++)
        {
            if (offsets[u] >= 0)
                SampleScalar(source.Pixels.AsSpan(offsets[u]), source.Stride, ch, fxs[u], fys[u], destination.Slice(u * ch, ch));
        }
    }

    /// <summary>
    /// One pixel per Vector128: the four taps' channels as floats (RGB reads a fourth byte that is ignored), lerped
    /// vertically then horizontally, rounded and packed back to bytes. Offsets come from <see cref="WarpRow"/>, which
    /// only marks pixels whose 4-byte reads stay inside the source, so the unchecked reads are safe.
    /// </summary>
    private static void SampleInteriorVector128(Image source, WarpRow row, Span<byte> destination)
    {
        ref byte src = ref MemoryMarshal.GetArrayDataReference(source.Pixels);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        ref int offsets = ref MemoryMarshal.GetReference(row.Offsets);
        ref float fxs = ref MemoryMarshal.GetReference(row.Fx);
        ref float fys = ref MemoryMarshal.GetReference(row.Fy);
        nint stride = source.Stride, ch = source.Channels;
        int width = row.Width;
        // RGB stores 4 bytes per pixel (the extra byte is overwritten by the next pixel), except for the row's last.
        int wideStores = ch == 4 ? width : width - 1;
        var half = Vector128.Create(0.5f);
        var lowBytes = LowBytes;
        for (int u = 0; u < width; u++)
        {
            int offset = Unsafe.Add(ref offsets, u);
            if (offset < 0)
                continue;
            ref byte taps = ref Unsafe.Add(ref src, offset);
            var p00 = Load4(ref taps);
            var p01 = Load4(ref Unsafe.Add(ref taps, ch));
            var p10 = Load4(ref Unsafe.Add(ref taps, stride));
            var p11 = Load4(ref Unsafe.Add(ref taps, stride + ch));
            var fy = Vector128.Create(Unsafe.Add(ref fys, u));
            var left = p00 + (p10 - p00) * fy;
            var right = p01 + (p11 - p01) * fy;
            var value = left + (right - left) * Vector128.Create(Unsafe.Add(ref fxs, u));
            // value + ½ lies in [0.5, 255.5): truncation rounds, and the low byte of each int lane is the sample.
            var rounded = Vector128.ConvertToInt32Native(value + half).AsByte();
            uint packed = Vector128.Shuffle(rounded, lowBytes).AsUInt32().ToScalar();
            ref byte d = ref Unsafe.Add(ref dst, u * ch);
            if (u < wideStores)
            {
                Unsafe.WriteUnaligned(ref d, packed);
            }
            else
            {
                d = (byte)packed;
                Unsafe.Add(ref d, 1) = (byte)(packed >> 8);
                Unsafe.Add(ref d, 2) = (byte)(packed >> 16);
            }
        }
    }

    /// <summary>
    /// Bilinear interpolation, vertical first (the order the vector paths use, which lerp both tap columns in one
    /// operation), so every path computes the same float expression and produces the same bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp2(float p00, float p01, float p10, float p11, float fx, float fy)
    {
        float left = p00 + (p10 - p00) * fy;
        float right = p01 + (p11 - p01) * fy;
        return left + (right - left) * fx;
    }

    private static void SampleScalar(ReadOnlySpan<byte> taps, int stride, int ch, float fx, float fy, Span<byte> destination)
    {
        for (int c = 0; c < ch; c++)
        {
            float value = Lerp2(taps[c], taps[c + ch], taps[stride + c], taps[stride + ch + c], fx, fy);
            destination[c] = (byte)(int)(value + 0.5f);
        }
    }

    private static Vector128<byte> LowBytes => Vector128.Create((byte)0, 4, 8, 12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load4(ref byte p)
    {
        var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref p)).AsByte();
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
    }

    private static void SampleBorder(Image source, int x0, int y0, float fx, float fy, Border border, Span<byte> destination)
    {
        for (int c = 0; c < destination.Length; c++)
        {
            float value = Lerp2(
                Tap(source, x0, y0, c, border), Tap(source, x0 + 1, y0, c, border),
                Tap(source, x0, y0 + 1, c, border), Tap(source, x0 + 1, y0 + 1, c, border), fx, fy);
            destination[c] = (byte)(int)(value + 0.5f);
        }
    }

    private static byte Tap(Image source, int x, int y, int c, Border border)
    {
        if ((uint)x >= (uint)source.Width || (uint)y >= (uint)source.Height)
        {
            if (border.Mode == BorderMode.Constant)
                return border.Value;
            x = Math.Clamp(x, 0, source.Width - 1);
            y = Math.Clamp(y, 0, source.Height - 1);
        }
        return source.Pixels[y * source.Stride + x * source.Channels + c];
    }
}
