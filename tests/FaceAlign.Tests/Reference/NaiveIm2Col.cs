using FaceAlign.Kernels;

namespace FaceAlign.Tests.Reference;

/// <summary>
/// Test oracle for <see cref="Im2Col"/>: column[(c·kH + ky)·kW + kx, oy·Wo + ox] = image[c, oy·sH − pH + ky·dH, ox·sW − pW + kx·dW],
/// 0 outside the image — the definition, one element at a time. Fold is the same loop with the assignment reversed (+=).
/// </summary>
public static class NaiveIm2Col
{
    public static void Unfold(float[] image, ConvGeometry g, float[] columns) => Walk(g, (col, img) => columns[col] = img < 0 ? 0 : image[img]);

    public static void Fold(float[] columns, ConvGeometry g, float[] image) => Walk(g, (col, img) => { if (img >= 0) image[img] += columns[col]; });

    /// <summary>Calls visit(column index, image index or −1 when the tap falls in the padding) for every column element.</summary>
    private static void Walk(ConvGeometry g, Action<int, int> visit)
    {
        int ho = g.OutputHeight, wo = g.OutputWidth;
        for (int c = 0; c < g.Channels; c++)
            for (int ky = 0; ky < g.KernelHeight; ky++)
                for (int kx = 0; kx < g.KernelWidth; kx++)
                {
                    int row = (c * g.KernelHeight + ky) * g.KernelWidth + kx;
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++)
                        {
                            int iy = oy * g.StrideHeight - g.PadHeight + ky * g.DilationHeight;
                            int ix = ox * g.StrideWidth - g.PadWidth + kx * g.DilationWidth;
                            bool inside = iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width;
                            visit(row * ho * wo + oy * wo + ox, inside ? (c * g.Height + iy) * g.Width + ix : -1);
                        }
                }
    }
}
