namespace FaceAlign.Imaging;

/// <summary>
/// How 8-bit pixels become network inputs: plane order (RGB/BGR) and a per-plane affine map of the sample value,
/// precomputed as a 256-entry table per plane so conversion is a lookup. Immutable; build once per model.
/// Mean/std/scale arrays are given in <em>tensor</em> plane order (for BGR, index 0 is blue).
/// </summary>
public sealed class TensorNormalization
{
    private readonly float[] _table = new float[3 * 256];

    private TensorNormalization(ChannelOrder order, Func<int, int, double> map)
    {
        Order = order;
        for (int c = 0; c < 3; c++)
        {
            for (int v = 0; v < 256; v++)
                _table[c * 256 + v] = (float)map(c, v);
        }
    }

    public ChannelOrder Order { get; }

    /// <summary>pixel / 255 into [0, 1] (torchvision ToTensor; what PFLD trains on).</summary>
    public static TensorNormalization UnitRange(ChannelOrder order = ChannelOrder.Rgb) => new(order, (_, v) => v / 255.0);

    /// <summary>(pixel / 255 − mean[c]) / std[c] (torchvision Normalize after ToTensor, e.g. ImageNet statistics).</summary>
    public static TensorNormalization FromUnitMeanStd(ReadOnlySpan<float> mean, ReadOnlySpan<float> std, ChannelOrder order = ChannelOrder.Rgb)
    {
        var (m, s) = CheckThree(mean, std, nameof(std));
        return new(order, (c, v) => (v / 255.0 - m[c]) / s[c]);
    }

    /// <summary>(pixel − mean[c]) / scale[c] on the 0–255 scale (Caffe/OpenCV style, e.g. RetinaFace's mean subtraction with scale 1).</summary>
    public static TensorNormalization FromPixelMeanScale(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale, ChannelOrder order = ChannelOrder.Rgb)
    {
        var (m, s) = CheckThree(mean, scale, nameof(scale));
        return new(order, (c, v) => (v - m[c]) / s[c]);
    }

    /// <summary>The input value for sample <paramref name="value"/> in tensor plane <paramref name="plane"/> (0–2).</summary>
    public float Map(int plane, byte value) => _table[plane * 256 + value];

    /// <summary>The 256-entry table of one tensor plane.</summary>
    internal ReadOnlySpan<float> Table(int plane) => _table.AsSpan(plane * 256, 256);

    /// <summary>Which interleaved sample (0 = R, 1 = G, 2 = B) feeds tensor plane <paramref name="plane"/>.</summary>
    internal int SourceChannel(int plane) => Order == ChannelOrder.Rgb ? plane : 2 - plane;

    private static (double[] Mean, double[] Divisor) CheckThree(ReadOnlySpan<float> mean, ReadOnlySpan<float> divisor, string divisorName)
    {
        if (mean.Length != 3)
            throw new ArgumentException($"need 3 means (one per plane), got {mean.Length}", nameof(mean));
        if (divisor.Length != 3)
            throw new ArgumentException($"need 3 divisors (one per plane), got {divisor.Length}", divisorName);
        var m = new double[3];
        var d = new double[3];
        for (int c = 0; c < 3; c++)
        {
            if (!float.IsFinite(mean[c]))
                throw new ArgumentException($"mean[{c}] is {mean[c]}", nameof(mean));
            if (!float.IsFinite(divisor[c]) || divisor[c] == 0)
                throw new ArgumentException($"{divisorName}[{c}] is {divisor[c]}; it must be finite and non-zero", divisorName);
            m[c] = mean[c];
            d[c] = divisor[c];
        }
        return (m, d);
    }
}
