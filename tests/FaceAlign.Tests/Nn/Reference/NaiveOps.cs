// Straightforward double-precision forwards of every NN op: the oracle the engine's float forwards are compared
// against and the function the finite-difference gradient checks differentiate. Loops written for obviousness.
namespace FaceAlign.Tests.Nn.Reference;

internal static class NaiveOps
{
    public static double[] Conv2d(double[] x, int n, int cin, int h, int w, double[] weight, int cout, int k,
        double[]? bias, int stride, int pad, int dil, int groups)
    {
        int ho = (h + 2 * pad - dil * (k - 1) - 1) / stride + 1, wo = (w + 2 * pad - dil * (k - 1) - 1) / stride + 1;
        int cinG = cin / groups, coutG = cout / groups;
        var y = new double[n * cout * ho * wo];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < cout; o++)
            {
                int g = o / coutG;
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        double s = bias?[o] ?? 0;
                        for (int ci = 0; ci < cinG; ci++)
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int iy = oy * stride - pad + ky * dil, ix = ox * stride - pad + kx * dil;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    s += x[((b * cin + g * cinG + ci) * h + iy) * w + ix] * weight[((o * cinG + ci) * k + ky) * k + kx];
                                }
                        y[((b * cout + o) * ho + oy) * wo + ox] = s;
                    }
            }
        return y;
    }

    /// <summary>Batch norm over (N, C, inner) with batch statistics (training) or given running statistics.</summary>
    public static double[] BatchNorm(double[] x, int n, int c, int inner, double[] gamma, double[] beta,
        double[]? runningMean, double[]? runningVar, double eps)
    {
        var y = new double[x.Length];
        for (int ch = 0; ch < c; ch++)
        {
            double mean, variance;
            if (runningMean is null)
            {
                double sum = 0, sq = 0;
                for (int b = 0; b < n; b++) for (int i = 0; i < inner; i++) sum += x[(b * c + ch) * inner + i];
                mean = sum / (n * inner);
                for (int b = 0; b < n; b++) for (int i = 0; i < inner; i++) sq += Math.Pow(x[(b * c + ch) * inner + i] - mean, 2);
                variance = sq / (n * inner);
            }
            else
            {
                mean = runningMean[ch];
                variance = runningVar![ch];
            }
            for (int b = 0; b < n; b++)
                for (int i = 0; i < inner; i++)
                {
                    int idx = (b * c + ch) * inner + i;
                    y[idx] = (x[idx] - mean) / Math.Sqrt(variance + eps) * gamma[ch] + beta[ch];
                }
        }
        return y;
    }

    public static double[] Linear(double[] x, int n, int fin, double[] weight, int fout, double[]? bias)
    {
        var y = new double[n * fout];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < fout; o++)
            {
                double s = bias?[o] ?? 0;
                for (int i = 0; i < fin; i++) s += x[b * fin + i] * weight[o * fin + i];
                y[b * fout + o] = s;
            }
        return y;
    }

    public static double[] Map(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    public static double[] PRelu(double[] x, int c, int inner, double[] a) =>
        x.Select((v, i) => v > 0 ? v : a[a.Length == 1 ? 0 : i / inner % c] * v).ToArray();

    public static double[] Softmax(double[] x, int outer, int size, int inner)
    {
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                double sum = 0;
                for (int k = 0; k < size; k++) sum += Math.Exp(x[(o * size + k) * inner + j]);
                for (int k = 0; k < size; k++) y[(o * size + k) * inner + j] = Math.Exp(x[(o * size + k) * inner + j]) / sum;
            }
        return y;
    }

    /// <summary>Max or average pooling; padded cells are −∞ for max and count as zeros for average.</summary>
    public static double[] Pool(double[] x, int planes, int h, int w, int k, int stride, int pad, bool max)
    {
        int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
        var y = new double[planes * ho * wo];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            double v = x[(p * h + iy) * w + ix];
                            acc = max ? Math.Max(acc, v) : acc + v;
                        }
                    y[(p * ho + oy) * wo + ox] = max ? acc : acc / (k * k);
                }
        return y;
    }

    /// <summary>PyTorch F.interpolate, mode nearest, to (ho, wo): src = floor(dst · in / out).</summary>
    public static double[] Nearest(double[] x, int planes, int h, int w, int ho, int wo)
    {
        var y = new double[planes * ho * wo];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    int iy = Math.Min((int)Math.Floor(oy * (double)h / ho), h - 1), ix = Math.Min((int)Math.Floor(ox * (double)w / wo), w - 1);
                    y[(p * ho + oy) * wo + ox] = x[(p * h + iy) * w + ix];
                }
        return y;
    }

    /// <summary>PyTorch F.interpolate, mode bilinear, align_corners=False.</summary>
    public static double[] Bilinear(double[] x, int planes, int h, int w, int ho, int wo)
    {
        var y = new double[planes * ho * wo];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    double sy = Math.Max((oy + 0.5) * h / ho - 0.5, 0), sx = Math.Max((ox + 0.5) * w / wo - 0.5, 0);
                    int y0 = (int)sy, x0 = (int)sx, y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
                    double ly = sy - y0, lx = sx - x0;
                    double At(int yy, int xx) => x[(p * h + yy) * w + xx];
                    y[(p * ho + oy) * wo + ox] = (1 - ly) * ((1 - lx) * At(y0, x0) + lx * At(y0, x1)) + ly * ((1 - lx) * At(y1, x0) + lx * At(y1, x1));
                }
        return y;
    }

    /// <summary>Concatenation along dim 1 of (N, Ci, inner) blocks.</summary>
    public static double[] Concat(int n, int inner, params (double[] X, int C)[] parts)
    {
        var y = new List<double>();
        for (int b = 0; b < n; b++)
            foreach (var (x, c) in parts)
                y.AddRange(x.Skip(b * c * inner).Take(c * inner));
        return [.. y];
    }
}
