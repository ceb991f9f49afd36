namespace FaceAlign.Imaging;

/// <summary>
/// Per-output-sample filter taps for separable resizing along one axis with a triangle (tent) kernel — convolution
/// resampling as in Wolberg, "Digital Image Warping" (1990) §5, and the scheme Pillow and ImageMagick use for their
/// bilinear/Triangle resize. Output sample i has its centre at source position (i + ½)·in/out; the tent has radius
/// 1 source pixel when enlarging (plain bilinear interpolation) and in/out source pixels when shrinking, so every
/// source pixel contributes in proportion to its overlap and large reductions do not alias. Taps outside the source
/// are dropped and the remaining weights renormalised to sum to 1.
/// </summary>
internal sealed class ResampleWeights
{
    public ResampleWeights(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double radius = Math.Max(scale, 1.0);
        MaxTaps = (int)Math.Ceiling(radius) * 2 + 1;
        Start = new int[outSize];
        Count = new int[outSize];
        Weights = new float[outSize * MaxTaps];
        var w = new double[MaxTaps + 2];
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int first = Math.Max(0, (int)Math.Floor(center - radius));
            int last = Math.Min(inSize - 1, (int)Math.Ceiling(center + radius));
            double sum = 0;
            for (int j = first; j <= last; j++)
            {
                double t = 1 - Math.Abs(j + 0.5 - center) / radius;
                w[j - first] = t > 0 ? t : 0;
                sum += w[j - first];
            }
            // Trim zero-weight taps at both ends so loops touch only contributing pixels.
            int skip = 0;
            while (first + skip < last && w[skip] == 0)
                skip++;
            while (last > first + skip && w[last - first] == 0)
                last--;
            Start[i] = first + skip;
            Count[i] = last - first - skip + 1;
            for (int k = 0; k < Count[i]; k++)
                Weights[i * MaxTaps + k] = (float)(w[skip + k] / sum);
        }
    }

    /// <summary>Stride of <see cref="Weights"/>: the most taps any output sample can have.</summary>
    public int MaxTaps { get; }

    /// <summary>First source index of each output sample.</summary>
    public int[] Start { get; }

    /// <summary>Number of taps of each output sample.</summary>
    public int[] Count { get; }

    /// <summary>Tap weights, <see cref="MaxTaps"/> per output sample; each sample's weights sum to 1.</summary>
    public float[] Weights { get; }
}
