using FaceAlign.Kernels;

namespace FaceAlign.Tests.Reference;

/// <summary>
/// Test oracle for <see cref="DirectConv"/>: a groups-1 convolution written out literally in double precision,
/// out[o, oy, ox] = bias[o] + Σ weight[o, c, ky, kx] · input[c, oy·sH − pH + ky·dH, ox·sW − pW + kx·dW] (0 outside),
/// before any activation. Also returns, per output, Σ |terms| so callers can scale their tolerance.
/// </summary>
public static class NaiveConv2d
{
    public static (double[] Sums, double[] Scales) Forward(float[] input, ConvGeometry g, int outChannels, float[] weight, float[]? bias)
    {
        int ho = g.OutputHeight, wo = g.OutputWidth;
        var sums = new double[outChannels * ho * wo];
        var scales = new double[sums.Length];
        for (int o = 0; o < outChannels; o++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    double sum = bias is null ? 0 : bias[o], scale = Math.Abs(sum);
                    for (int c = 0; c < g.Channels; c++)
                        for (int ky = 0; ky < g.KernelHeight; ky++)
                            for (int kx = 0; kx < g.KernelWidth; kx++)
                            {
                                int iy = oy * g.StrideHeight - g.PadHeight + ky * g.DilationHeight;
                                int ix = ox * g.StrideWidth - g.PadWidth + kx * g.DilationWidth;
                                if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                                double term = (double)weight[((o * g.Channels + c) * g.KernelHeight + ky) * g.KernelWidth + kx]
                                    * input[(c * g.Height + iy) * g.Width + ix];
                                sum += term;
                                scale += Math.Abs(term);
                            }
                    int at = (o * ho + oy) * wo + ox;
                    sums[at] = sum;
                    scales[at] = scale;
                }
        return (sums, scales);
    }
}
