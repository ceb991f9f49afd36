using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging;

/// <summary>
/// The sampling half of an affine warp: bilinear interpolation of the four taps a <see cref="WarpRow"/> located,
/// rounded to 8 bits. Interior RGB/RGBA pixels take a Vector128 path (one pixel's channels per vector); grey,
/// border pixels and machines without SIMD take the scalar path, which evaluates the same float expression.
/// </summary>
internal static class WarpSampler
{
    public static void SampleRow(Image source, WarpRow row, Border border, Span<byte> destination)
    {
        int ch = source.Channels;
        bool vector = ch >= 3 && Vector128.IsHardwareAccelerated;
        ReadOnlySpan<int> offsets = row.Offsets;
        ReadOnlySpan<float> fxs = row.Fx, fys = row.Fy;
        ref byte src = ref MemoryMarshal.GetArrayDataReference(source.Pixels);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int stride = source.Stride;
        for (int u = 0; u < row.Width; u++)
        {
            int offset = offsets[u];
            if (offset < 0)
                SampleBorder(source, row.X0[u], row.Y0[u], fxs[u], fys[u], border, destination.Slice(u * ch, ch));
            else if (vector)
                SampleVector(ref Unsafe.Add(ref src, offset), stride, ch, fxs[u], fys[u], ref Unsafe.Add(ref dst, u * ch), destination.Length - u * ch);
            else
                SampleScalar(source.Pixels.AsSpan(offset), stride, ch, fxs[u], fys[u], destination.Slice(u * ch, ch));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Lerp2(float p00, float p01, float p10, float p11, float fx, float fy)
    {
        float top = p00 + (p01 - p00) * fx;
        float bottom = p10 + (p11 - p10) * fx;
        return top + (bottom - top) * fy;
    }

    private static void SampleScalar(ReadOnlySpan<byte> taps, int stride, int ch, float fx, float fy, Span<byte> destination)
    {
        for (int c = 0; c < ch; c++)
        {
            float value = Lerp2(taps[c], taps[c + ch], taps[stride + c], taps[stride + ch + c], fx, fy);
            destination[c] = (byte)(int)(value + 0.5f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SampleVector(ref byte taps, int stride, int ch, float fx, float fy, ref byte destination, int room)
    {
        var p00 = Load4(ref taps);
        var p01 = Load4(ref Unsafe.Add(ref taps, ch));
        var p10 = Load4(ref Unsafe.Add(ref taps, stride));
        var p11 = Load4(ref Unsafe.Add(ref taps, stride + ch));
        var vfx = Vector128.Create(fx);
        var top = p00 + (p01 - p00) * vfx;
        var bottom = p10 + (p11 - p10) * vfx;
        var value = top + (bottom - top) * Vector128.Create(fy);
        var rounded = Vector128.ConvertToInt32(value + Vector128.Create(0.5f)).AsUInt32();
        var words = Vector128.Narrow(rounded, rounded);
        uint packed = Vector128.Narrow(words, words).AsUInt32().ToScalar();
        if (room >= 4)
        {
            // For RGB the fourth byte lands on the next pixel's red, which that pixel overwrites next.
            Unsafe.WriteUnaligned(ref destination, packed);
        }
        else
        {
            destination = (byte)packed;
            Unsafe.Add(ref destination, 1) = (byte)(packed >> 8);
            Unsafe.Add(ref destination, 2) = (byte)(packed >> 16);
        }
    }

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
