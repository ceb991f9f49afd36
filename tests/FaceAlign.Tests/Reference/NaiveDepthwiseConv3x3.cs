using FaceAlign.Kernels;

namespace FaceAlign.Tests.Reference;

/// <summary>
/// Test oracle for <see cref="DepthwiseConv3x3"/>: the convolution sum written out literally, index by index
/// (same layouts: input (C, H, W), weight (C, 3, 3), output (C, Ho, Wo); backward passes accumulate).
/// </summary>
public static class NaiveDepthwiseConv3x3
{
    public static void Forward(ReadOnlySpan<float> input, int channels, int height, int width,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int stride, Span<float> output, Activation activation)
    {
        int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < ho; oy++)
            {
                for (int ox = 0; ox < wo; ox++)
                {
                    float sum = bias.IsEmpty ? 0f : bias[c];
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = oy * stride + ky - 1;
                        if ((uint)iy >= (uint)height) continue;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = ox * stride + kx - 1;
                            if ((uint)ix >= (uint)width) continue;
                            sum += input[(c * height + iy) * width + ix] * weight[c * 9 + ky * 3 + kx];
                        }
                    }
                    output[(c * ho + oy) * wo + ox] = activation switch
                    {
                        Activation.Relu => Math.Max(sum, 0f),
                        Activation.Relu6 => Math.Clamp(sum, 0f, 6f),
                        _ => sum,
                    };
                }
            }
        }
    }

    /// <summary>dInput (C, H, W) += convᵀ(dOutput (C, Ho, Wo), weight).</summary>
    public static void BackwardInput(ReadOnlySpan<float> dOutput, int channels, int height, int width,
        ReadOnlySpan<float> weight, int stride, Span<float> dInput)
    {
        int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
        for (int c = 0; c < channels; c++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    float g = dOutput[(c * ho + oy) * wo + ox];
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = oy * stride + ky - 1;
                        if ((uint)iy >= (uint)height) continue;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = ox * stride + kx - 1;
                            if ((uint)ix >= (uint)width) continue;
                            dInput[(c * height + iy) * width + ix] += g * weight[c * 9 + ky * 3 + kx];
                        }
                    }
                }
    }

    /// <summary>dWeight (C, 3, 3) += Σ input ⊗ dOutput; dBias (C) += Σ dOutput (skipped when empty).</summary>
    public static void BackwardWeight(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int channels, int height, int width,
        int stride, Span<float> dWeight, Span<float> dBias)
    {
        int ho = (height - 1) / stride + 1, wo = (width - 1) / stride + 1;
        for (int c = 0; c < channels; c++)
            for (int oy = 0; oy < ho; oy++)
                for (int ox = 0; ox < wo; ox++)
                {
                    float g = dOutput[(c * ho + oy) * wo + ox];
                    if (!dBias.IsEmpty) dBias[c] += g;
                    for (int ky = 0; ky < 3; ky++)
                    {
                        int iy = oy * stride + ky - 1;
                        if ((uint)iy >= (uint)height) continue;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int ix = ox * stride + kx - 1;
                            if ((uint)ix >= (uint)width) continue;
                            dWeight[c * 9 + ky * 3 + kx] += g * input[(c * height + iy) * width + ix];
                        }
                    }
                }
    }
}
