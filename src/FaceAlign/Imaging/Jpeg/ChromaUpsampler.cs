namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Brings one row of a subsampled component up to full resolution, the way djpeg does by default (libjpeg-turbo
/// jdsample.c, "fancy upsampling"): 2×1 and 2×2 use triangle filters (each output sample 3/4 from its nearer input
/// sample, 1/4 from the further one, per dimension), 1×2 the vertical half of that, and any other integer factor plain
/// replication. The image edges replicate the outermost sample. Rounding biases alternate as in libjpeg so no
/// direction drifts. The scalar h2v1/h2v2 filters here are the test oracle for the vector ones in
/// <c>ChromaUpsampler.Vector.cs</c>, which the decoder uses.
/// </summary>
internal static partial class ChromaUpsampler
{
    /// <summary>h2v1 triangle filter; output gets 2·width samples (libjpeg uses it when width &gt; 2).</summary>
    public static void FancyH2V1Scalar(ReadOnlySpan<byte> input, int width, Span<byte> output)
    {
        input = input[..width];
        output = output[..(2 * width)];
        output[0] = input[0];
        output[1] = (byte)((input[0] * 3 + input[1] + 2) >> 2);
        for (int i = 1; i < width - 1; i++)
        {
            int nearer = input[i] * 3;
            output[2 * i] = (byte)((nearer + input[i - 1] + 1) >> 2);
            output[2 * i + 1] = (byte)((nearer + input[i + 1] + 2) >> 2);
        }
        output[2 * width - 2] = (byte)((input[width - 1] * 3 + input[width - 2] + 1) >> 2);
        output[2 * width - 1] = input[width - 1];
    }

    /// <summary>
    /// h2v2 triangle filter for one output row: <paramref name="nearer"/> is the input row this output row falls in,
    /// <paramref name="further"/> the input row above (for the upper output row) or below (for the lower one).
    /// </summary>
    public static void FancyH2V2Scalar(ReadOnlySpan<byte> nearer, ReadOnlySpan<byte> further, int width, Span<byte> output)
    {
        nearer = nearer[..width];
        further = further[..width];
        output = output[..(2 * width)];
        int thisSum = nearer[0] * 3 + further[0];
        int nextSum = nearer[1] * 3 + further[1];
        output[0] = (byte)((thisSum * 4 + 8) >> 4);
        output[1] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 1; i < width - 1; i++)
        {
            nextSum = nearer[i + 1] * 3 + further[i + 1];
            output[2 * i] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
            output[2 * i + 1] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
            lastSum = thisSum;
            thisSum = nextSum;
        }
        output[2 * width - 2] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
        output[2 * width - 1] = (byte)((thisSum * 4 + 7) >> 4);
    }

    /// <summary>h1v2 triangle filter (4:4:0): bias 1 for the upper output row of a pair, 2 for the lower one.</summary>
    public static void FancyH1V2(ReadOnlySpan<byte> nearer, ReadOnlySpan<byte> further, int width, int bias, Span<byte> output)
    {
        nearer = nearer[..width];
        further = further[..width];
        output = output[..width];
        for (int i = 0; i < width; i++)
            output[i] = (byte)((nearer[i] * 3 + further[i] + bias) >> 2);
    }

    /// <summary>Horizontal replication by an integer factor (libjpeg's int_upsample / h2v1_upsample).</summary>
    public static void Replicate(ReadOnlySpan<byte> input, int width, int factor, Span<byte> output)
    {
        input = input[..width];
        output = output[..(width * factor)];
        if (factor == 1)
        {
            input.CopyTo(output);
            return;
        }
        for (int i = 0; i < width; i++)
            output.Slice(i * factor, factor).Fill(input[i]);
    }
}
