using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging;

/// <summary>The Vector256 interior sampler for RGB/RGBA: one pixel per iteration, both tap columns in one vector.</summary>
internal static partial class WarpSampler
{
    /// <summary>
    /// Each tap row is one 8-byte load holding the left and right tap (RGB gets a gap byte shuffled in after each
    /// pixel), widened to 8 floats = [left pixel | right pixel]. One vector lerp with fy blends the top and bottom rows
    /// for both columns at once; the two halves are then lerped with fx. Same expression as <see cref="Lerp2"/>.
    /// </summary>
    private static void SampleInteriorVector256(Image source, WarpRow row, Span<byte> destination)
    {
        ref byte src = ref MemoryMarshal.GetArrayDataReference(source.Pixels);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        ref int offsets = ref MemoryMarshal.GetReference(row.Offsets);
        ref float fxs = ref MemoryMarshal.GetReference(row.Fx);
        ref float fys = ref MemoryMarshal.GetReference(row.Fy);
        nint stride = source.Stride;
        int ch = source.Channels;
        int width = row.Width;
        int wideStores = ch == 4 ? width : width - 1;
        bool rgb = ch == 3;
        // [R0 G0 B0 R1 G1 B1 · ·] → [R0 G0 B0 0 R1 G1 B1 0]
        var spreadRgb = Vector128.Create((byte)0, 1, 2, 0xFF, 3, 4, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        var half = Vector128.Create(0.5f);
        var lowBytes = LowBytes;
        for (int u = 0; u < width; u++)
        {
            int offset = Unsafe.Add(ref offsets, u);
            if (offset < 0)
                continue;
            ref byte taps = ref Unsafe.Add(ref src, offset);
            var top = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref taps)).AsByte();
            var bottom = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref taps, stride))).AsByte();
            if (rgb)
            {
                top = Vector128.Shuffle(top, spreadRgb);
                bottom = Vector128.Shuffle(bottom, spreadRgb);
            }
            var t = Widen(top);
            var b = Widen(bottom);
            var columns = t + (b - t) * Vector256.Create(Unsafe.Add(ref fys, u));
            var left = columns.GetLower();
            var value = left + (columns.GetUpper() - left) * Vector128.Create(Unsafe.Add(ref fxs, u));
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

    /// <summary>The low 8 bytes as 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen(Vector128<byte> bytes)
    {
        var words = Vector256.WidenLower(bytes.ToVector256Unsafe());
        return Vector256.ConvertToSingle(Vector256.WidenLower(words).AsInt32());
    }
}
