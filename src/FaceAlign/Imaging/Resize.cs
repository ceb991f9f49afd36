using System.Buffers;
using System.Numerics.Tensors;
using FaceAlign.Kernels;

namespace FaceAlign.Imaging;

/// <summary>
/// Resizes an image to any size with a separable triangle filter: bilinear interpolation when enlarging, an
/// area-weighted tent when shrinking (see <see cref="ResampleWeights"/>), so detector pyramids do not alias.
/// Two passes: horizontal into float rows, then vertical into bytes (rounded, no double quantisation).
/// </summary>
public static class Resize
{
    public static Image Bilinear(Image image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"target size must be positive, got {width}×{height}");
        var result = new Image(width, height, image.Format);
        if (width == image.Width && height == image.Height)
        {
            image.Pixels.CopyTo(result.Pixels, 0);
            return result;
        }
        var xw = new ResampleWeights(image.Width, width);
        var yw = new ResampleWeights(image.Height, height);
        int ch = image.Channels;
        int rowFloats = width * ch;
        // Horizontal pass over every source row into a float buffer (H_in × width × ch).
        var horizontal = ArrayPool<float>.Shared.Rent(image.Height * rowFloats);
        try
        {
            Parallel.For(0, image.Height, ParallelOptionsFor(image.Height * rowFloats), y =>
                ResampleRow(image.Row(y), ch, xw, horizontal.AsSpan(y * rowFloats, rowFloats)));
            Parallel.For(0, height, ParallelOptionsFor(height * rowFloats), y =>
            {
                var accumulator = ArrayPool<float>.Shared.Rent(rowFloats);
                var acc = accumulator.AsSpan(0, rowFloats);
                acc.Clear();
                int start = yw.Start[y];
                for (int k = 0; k < yw.Count[y]; k++)
                {
                    var source = horizontal.AsSpan((start + k) * rowFloats, rowFloats);
                    TensorPrimitives.MultiplyAdd(source, yw.Weights[y * yw.MaxTaps + k], acc, acc);
                }
                ToBytes(acc, result.Row(y));
                ArrayPool<float>.Shared.Return(accumulator);
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
        }
        return result;
    }

    private static ParallelOptions ParallelOptionsFor(long work) =>
        // Threads only pay for large images; a 112×112 resize would spend longer scheduling than computing.
        work < 200_000 ? new ParallelOptions { MaxDegreeOfParallelism = 1 } : ComputeThreads.Options;

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

    private static void ToBytes(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (int i = 0; i < values.Length; i++)
            destination[i] = (byte)Math.Clamp((int)(values[i] + 0.5f), 0, 255);
    }
}
