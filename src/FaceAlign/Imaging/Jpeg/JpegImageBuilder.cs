namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The last stage of decoding: inverse-DCTs every component into a sample plane, then, one output row at a time,
/// upsamples the subsampled components (<see cref="ChromaUpsampler"/>) and converts to Gray8 or Rgb8.
/// </summary>
internal static class JpegImageBuilder
{
    public static Image Build(JpegFrame frame, JpegColorSpace colorSpace)
    {
        var components = frame.Components;
        var planes = new byte[components.Length][];
        for (int i = 0; i < components.Length; i++)
            planes[i] = InverseTransform(components[i]);

        int width = frame.Width, height = frame.Height;
        if (colorSpace == JpegColorSpace.Grey)
        {
            var grey = new Image(width, height, PixelFormat.Gray8);
            int stride = components[0].BlocksPerLine * 8;
            for (int y = 0; y < height; y++)
                planes[0].AsSpan(y * stride, width).CopyTo(grey.Row(y));
            return grey;
        }

        var rows = new RowUpsampler[components.Length];
        for (int i = 0; i < components.Length; i++)
            rows[i] = new RowUpsampler(frame, components[i], planes[i]);

        var image = new Image(width, height, PixelFormat.Rgb8);
        for (int y = 0; y < height; y++)
        {
            var output = image.Row(y);
            var c0 = rows[0].Row(y)[..width];
            var c1 = rows[1].Row(y)[..width];
            var c2 = rows[2].Row(y)[..width];
            switch (colorSpace)
            {
                case JpegColorSpace.YCbCr:
                    YCbCrToRgb.Convert(c0, c1, c2, output);
                    break;
                case JpegColorSpace.Rgb:
                    for (int x = 0; x < width; x++)
                    {
                        output[3 * x] = c0[x];
                        output[3 * x + 1] = c1[x];
                        output[3 * x + 2] = c2[x];
                    }
                    break;
                case JpegColorSpace.Cmyk:
                    CmykToRgb.ConvertCmyk(c0, c1, c2, rows[3].Row(y)[..width], output);
                    break;
                default:
                    CmykToRgb.ConvertYcck(c0, c1, c2, rows[3].Row(y)[..width], output);
                    break;
            }
        }
        return image;
    }

    // One plane of BlocksPerColumn·8 rows × BlocksPerLine·8 samples; only blocks holding real samples are transformed.
    private static byte[] InverseTransform(JpegComponent component)
    {
        var quant = component.Quant ?? throw JpegThrow.Invalid($"component {component.Id} never appears in a scan");
        int stride = component.BlocksPerLine * 8;
        var plane = new byte[stride * component.BlocksPerColumn * 8];
        for (int by = 0; by < component.BlocksPerColumn; by++)
        {
            for (int bx = 0; bx < component.BlocksPerLine; bx++)
                InverseDct.Transform(component.Block(by, bx), quant, plane.AsSpan(by * 8 * stride + bx * 8), stride);
        }
        return plane;
    }

    /// <summary>Produces full-resolution rows of one component from its plane, choosing the filter djpeg uses.</summary>
    private sealed class RowUpsampler
    {
        private readonly JpegComponent component;
        private readonly byte[] plane;
        private readonly int stride, hFactor, vFactor;
        private readonly byte[] buffer;

        public RowUpsampler(JpegFrame frame, JpegComponent component, byte[] plane)
        {
            this.component = component;
            this.plane = plane;
            stride = component.BlocksPerLine * 8;
            if (frame.HMax % component.H != 0 || frame.VMax % component.V != 0)
                throw JpegThrow.NotSupported($"JPEG sampling factors {component.H}x{component.V} do not divide the maximum {frame.HMax}x{frame.VMax} (fractional upsampling is not supported)");
            hFactor = frame.HMax / component.H;
            vFactor = frame.VMax / component.V;
            buffer = new byte[component.Width * hFactor];
        }

        private ReadOnlySpan<byte> PlaneRow(int y) =>
            plane.AsSpan(Math.Clamp(y, 0, component.Height - 1) * stride, component.Width);

        public ReadOnlySpan<byte> Row(int y)
        {
            if (hFactor == 1 && vFactor == 1)
                return PlaneRow(y);
            int width = component.Width;
            int inputRow = y / vFactor;
            bool fancyWidth = width > 2;
            if (hFactor == 2 && vFactor == 2 && fancyWidth)
            {
                int further = (y & 1) == 0 ? inputRow - 1 : inputRow + 1;
                ChromaUpsampler.FancyH2V2(PlaneRow(inputRow), PlaneRow(further), width, buffer);
            }
            else if (hFactor == 2 && vFactor == 1 && fancyWidth)
            {
                ChromaUpsampler.FancyH2V1(PlaneRow(inputRow), width, buffer);
            }
            else if (hFactor == 1 && vFactor == 2)
            {
                bool upper = (y & 1) == 0;
                ChromaUpsampler.FancyH1V2(PlaneRow(inputRow), PlaneRow(upper ? inputRow - 1 : inputRow + 1), width, upper ? 1 : 2, buffer);
            }
            else
            {
                ChromaUpsampler.Replicate(PlaneRow(inputRow), width, hFactor, buffer);
            }
            return buffer;
        }
    }
}
