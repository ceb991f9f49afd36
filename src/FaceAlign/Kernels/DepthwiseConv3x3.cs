namespace FaceAlign.Kernels;

/// <summary>
/// Depthwise 3×3 convolution of one image, padding 1, stride 1 or 2, with bias and a fused activation.
/// input (C, H, W), weight (C, 3, 3), bias (C) or empty, output (C, Ho, Wo) with Ho = (H + 2 − 3) / stride + 1.
/// Backward passes accumulate (+=) into their gradient buffers.
/// </summary>
public static class DepthwiseConv3x3
{
    public static void Forward(ReadOnlySpan<float> input, int channels, int height, int width,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int stride, Span<float> output, Activation activation)
    {
        // Placeholder: the naive reference. The SIMD kernel replaces this body.
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
        // Placeholder: the naive reference. The SIMD kernel replaces this body.
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
        // Placeholder: the naive reference. The SIMD kernel replaces this body.
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
