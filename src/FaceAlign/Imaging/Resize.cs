using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FaceAlign.Kernels;

namespace FaceAlign.Imaging;

/// <summary>
/// Resizes an image to any size with a separable triangle filter: bilinear interpolation when enlarging, an
/// area-weighted tent when shrinking (see <see cref="ResampleWeights"/>), so detector pyramids do not alias.
/// Two passes: horizontal into float rows, then vertical into bytes (rounded once, no double quantisation).
/// </summary>
public static class Resize
{
    public static Image Bilinear(Image image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageSize.Check(width, height, image.Format, nameof(width));
        var result = new Image(width, height, image.Format);
        if (width == image.Width && height == image.Height)
        {
            image.Pixels.CopyTo(result.Pixels, 0);
            return result;
        }
        var xw = new ResampleWeights(image.Width, width);
        var yw = new ResampleWeights(image.Height, height);
        // Output rows in bands (one per thread for large images); each band keeps a ring of horizontally resampled
        // source rows, so every source row is resampled about once per band and no full-size float image is built.
        int work = height * width * image.Channels;
        int bands = work < 200_000 ? 1 : Math.Min(ComputeThreads.Available, height);
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = bands }, band =>
            ResizeBand(image, result, xw, yw, height * band / bands, height * (band + 1) / bands));
        return result;
    }

    private static void ResizeBand(Image image, Image result, ResampleWeights xw, ResampleWeights yw, int yStart, int yEnd)
    {
        int ch = image.Channels;
        int rowFloats = result.Width * ch;
        int ringRows = yw.MaxTaps;
        var ring = ArrayPool<float>.Shared.Rent(ringRows * rowFloats);
        var accumulator = ArrayPool<float>.Shared.Rent(rowFloats);
        Span<int> held = ringRows <= 256 ? stackalloc int[ringRows] : new int[ringRows];
        held.Fill(-1);
        try
        {
            var acc = accumulator.AsSpan(0, rowFloats);
            for (int y = yStart; y < yEnd; y++)
            {
                acc.Clear();
                int start = yw.Start[y];
                for (int k = 0; k < yw.Count[y]; k++)
                {
                    int sourceRow = start + k;
                    // A window holds at most MaxTaps consecutive rows, so they never collide in the ring.
                    int slot = sourceRow % ringRows;
                    var horizontal = ring.AsSpan(slot * rowFloats, rowFloats);
                    if (held[slot] != sourceRow)
                    {
                        if (ch >= 3 && Vector128.IsHardwareAccelerated)
                            ResampleRowVector(image, sourceRow, xw, horizontal);
                        else
                            ResampleRow(image.Row(sourceRow), ch, xw, horizontal);
                        held[slot] = sourceRow;
                    }
                    TensorPrimitives.MultiplyAdd(horizontal, yw.Weights[y * yw.MaxTaps + k], acc, acc);
                }
                ToBytes(acc, result.Row(y));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ring);
            ArrayPool<float>.Shared.Return(accumulator);
        }
    }

    private static void ResampleRow(ReadOnlySpan<byte> row, int ch, ResampleWeights weights, Span<float> output)
    {
        int outWidth = output.Length / ch;
        for (int x = 0; x < outWidth; x++)
        {
            var w = weights.Weights.AsSpan(x * weights.MaxTaps, weights.Count[x]);
            int s = weights.Start[x] * ch;
            for (int c = 0; c < ch; c++)
            {
                float sum = 0;
                for (int k = 0, i = s + c; k < w.Length; k++, i += ch)
                    sum += w[k] * row[i];
                output[x * ch + c] = sum;
            }
        }
    }

    /// <summary>
    /// The horizontal pass for RGB/RGBA with one pixel's channels per Vector128: each tap is a 4-byte load widened to
    /// floats and accumulated with its weight. RGB reads one byte past the pixel (ignored), so a tap whose read would
    /// leave the image buffer (the very last pixel) falls back to scalar reads.
    /// </summary>
    private static void ResampleRowVector(Image image, int y, ResampleWeights weights, Span<float> output)
    {
        int ch = image.Channels;
        int outWidth = output.Length / ch;
        int rowStart = y * image.Stride;
        int safeEnd = image.Pixels.Length - 4;
        ref byte pixels = ref MemoryMarshal.GetArrayDataReference(image.Pixels);
        ref float outRef = ref MemoryMarshal.GetReference(output);
        for (int x = 0; x < outWidth; x++)
        {
            int first = rowStart + weights.Start[x] * ch;
            int count = weights.Count[x];
            var w = weights.Weights.AsSpan(x * weights.MaxTaps, count);
            var acc = Vector128<float>.Zero;
            if (first + (count - 1) * ch <= safeEnd)
            {
                for (int k = 0; k < w.Length; k++)
                    acc += Load4(ref Unsafe.Add(ref pixels, first + k * ch)) * Vector128.Create(w[k]);
            }
            else
            {
                for (int k = 0; k < w.Length; k++)
                {
                    int o = first + k * ch;
                    acc += Vector128.Create(image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2], ch == 4 ? image.Pixels[o + 3] : 0f) * Vector128.Create(w[k]);
                }
            }
            // RGB stores a fourth float that the next pixel overwrites; the row's last pixel stores exactly three.
            if (ch == 4 || x < outWidth - 1)
            {
                acc.StoreUnsafe(ref outRef, (nuint)(x * ch));
            }
            else
            {
                output[x * ch] = acc.GetElement(0);
                output[x * ch + 1] = acc.GetElement(1);
                output[x * ch + 2] = acc.GetElement(2);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Load4(ref byte p)
    {
        var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref p)).AsByte();
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
    }

    /// <summary>
    /// Rounds to bytes: truncation of value + ½. Weights are ≥ 0 and sum to 1, so values lie in [0, 255 + ε] and the
    /// truncating narrows cannot wrap; the scalar tail clamps anyway.
    /// </summary>
    private static void ToBytes(ReadOnlySpan<float> values, Span<byte> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float v = ref MemoryMarshal.GetReference(values);
            ref byte d = ref MemoryMarshal.GetReference(destination);
            var half = Vector256.Create(0.5f);
            for (; i <= values.Length - 32; i += 32)
            {
                var a = Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref v, (nuint)i) + half);
                var b = Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref v, (nuint)i + 8) + half);
                var c = Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref v, (nuint)i + 16) + half);
                var e = Vector256.ConvertToInt32Native(Vector256.LoadUnsafe(ref v, (nuint)i + 24) + half);
                var low = Vector256.Narrow(a.AsUInt32(), b.AsUInt32());
                var high = Vector256.Narrow(c.AsUInt32(), e.AsUInt32());
                Vector256.Narrow(low, high).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < values.Length; i++)
            destination[i] = (byte)Math.Clamp((int)(values[i] + 0.5f), 0, 255);
    }
}
