namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// The last stage of decoding: inverse-DCTs a progressive frame's coefficients into sample planes (sequential scans
/// have already done so), then, one output row at a time, upsamples the subsampled components
/// (<see cref="ChromaUpsampler"/>) and converts to Gray8 or Rgb8.
/// </summary>
internal static class JpegImageBuilder
{
    public static Image Build(JpegFrame frame, JpegColorSpace colorSpace)
    {
        var components = frame.Components;
        foreach (var c in components)
        {
            if (c.Quant is null)
                throw JpegThrow.Invalid($"component {c.Id} never appears in a scan");
            if (frame.Progressive)
                InverseTransform(c);
        }

        int width = frame.Width, height = frame.Height;
        if (colorSpace == JpegColorSpace.Grey)
        {
            var grey = new Image(width, height, PixelFormat.Gray8, GC.AllocateUninitializedArray<byte>(width * height));
            int stride = components[0].PlaneStride;
            for (int y = 0; y < height; y++)
                components[0].Plane.AsSpan(y * stride, width).CopyTo(grey.Row(y));
            return grey;
        }

        var rows = new RowUpsampler[components.Length];
        for (int i = 0; i < components.Length; i++)
            rows[i] = new RowUpsampler(frame, components[i]);

        var image = new Image(width, height, PixelFormat.Rgb8, GC.AllocateUninitializedArray<byte>(checked(width * height * 3)));
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

    // Only the blocks holding real samples are transformed; the upsampler never reads the others.
    private static void InverseTransform(JpegComponent component)
    {
        component.AllocatePlane();
        var quant = component.Quant!;
        for (int by = 0; by < component.BlocksPerColumn; by++)
        {
            for (int bx = 0; bx < component.BlocksPerLine; bx++)
                InverseDct.Transform(component.Block(by, bx), quant, component.PlaneBlock(by, bx), component.PlaneStride);
        }
    }

    /// <summary>Produces full-resolution rows of one component from its plane, choosing the filter djpeg uses.</summary>
    private sealed class RowUpsampler
    {
        private readonly JpegComponent component;
        private readonly byte[] plane;
        private readonly int stride, hFactor, vFactor;
        private readonly byte[] buffer;
        private readonly short[] scratch;

        public RowUpsampler(JpegFrame frame, JpegComponent component)
        {
            this.component = component;
            plane = component.Plane;
            stride = component.PlaneStride;
            if (frame.HMax % component.H != 0 || frame.VMax % component.V != 0)
                throw JpegThrow.NotSupported($"JPEG sampling factors {component.H}x{component.V} do not divide the maximum {frame.HMax}x{frame.VMax} (fractional upsampling is not supported)");
            hFactor = frame.HMax / component.H;
            vFactor = frame.VMax / component.V;
            buffer = new byte[component.Width * hFactor];
            scratch = new short[ChromaUpsampler.ScratchLength(component.Width)];
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
                ChromaUpsampler.FancyH2V2(PlaneRow(inputRow), PlaneRow(further), width, buffer, scratch);
            }
            else if (hFactor == 2 && vFactor == 1 && fancyWidth)
            {
                ChromaUpsampler.FancyH2V1(PlaneRow(inputRow), width, buffer, scratch);
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
