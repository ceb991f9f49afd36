namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Baseline, extended-sequential and progressive Huffman JPEG (ITU-T T.81) with JFIF, Adobe APP14 and EXIF
/// orientation, decoded to match libjpeg-turbo's djpeg defaults (islow IDCT, fancy upsampling). Grey files become
/// Gray8, everything else Rgb8. Arithmetic coding, 12-bit, lossless and hierarchical files are refused with
/// <see cref="NotSupportedException"/>. This is the façade; the stages live beside it in this folder:
/// <see cref="JpegMarkerReader"/> (one method per marker) → <see cref="ScanDecoder"/> with a baseline or progressive
/// block decoder (<see cref="JpegBitReader"/>, <see cref="HuffmanTable"/>) → <see cref="InverseDct"/> →
/// <see cref="JpegImageBuilder"/> (<see cref="ChromaUpsampler"/>, <see cref="YCbCrToRgb"/>, <see cref="CmykToRgb"/>)
/// → <see cref="ExifOrientation"/>.
/// Choices where libjpeg only warns: data that ends before the last MCU (truncated file, or a marker where entropy
/// data should be) is an <see cref="InvalidImageException"/> rather than grey fill; wrongly numbered RST markers and
/// stray bytes before them are tolerated; a missing EOI is an error. Adobe CMYK is taken as inverted and converted
/// with R = C·K/255 like djpeg (ImageMagick agrees within 1).
/// </summary>
public static class JpegDecoder
{
    public static Image Decode(ReadOnlySpan<byte> data, DecoderOptions options)
    {
        var reader = new JpegMarkerReader(options);
        var frame = reader.Read(data);
        var image = JpegImageBuilder.Build(frame, ColorSpaceOf(reader, frame));
        return options.ApplyExifOrientation ? ExifOrientation.Apply(image, reader.Orientation) : image;
    }

    public static ImageInfo Identify(ReadOnlySpan<byte> data)
    {
        var reader = new JpegMarkerReader(options: null);
        var frame = reader.Read(data);
        return new ImageInfo
        {
            Format = ImageFormat.Jpeg,
            Width = frame.Width,
            Height = frame.Height,
            Components = frame.Components.Length,
            BitDepth = 8,
            ColorModel = ColorSpaceOf(reader, frame) switch
            {
                JpegColorSpace.Grey => "grey",
                JpegColorSpace.YCbCr => "ycbcr",
                JpegColorSpace.Rgb => "rgb",
                JpegColorSpace.Cmyk => "cmyk",
                _ => "ycck",
            },
            Subsampling = SubsamplingOf(frame),
            Progressive = frame.Progressive,
            Orientation = reader.Orientation,
        };
    }

    // libjpeg jdapimin.c default_decompress_parms: JFIF implies YCbCr, then the Adobe transform flag, then the
    // component ids ('R','G','B' means RGB); 4 components are CMYK unless Adobe says YCCK.
    private static JpegColorSpace ColorSpaceOf(JpegMarkerReader reader, JpegFrame frame)
    {
        var components = frame.Components;
        if (components.Length == 1)
            return JpegColorSpace.Grey;
        if (components.Length == 4)
            return reader.AdobeTransform is -1 or 0 ? JpegColorSpace.Cmyk : JpegColorSpace.Ycck;
        if (reader.SawJfif)
            return JpegColorSpace.YCbCr;
        if (reader.AdobeTransform >= 0)
            return reader.AdobeTransform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
        return components[0].Id == 'R' && components[1].Id == 'G' && components[2].Id == 'B'
            ? JpegColorSpace.Rgb
            : JpegColorSpace.YCbCr;
    }

    // Named J:a:b schemes when the chroma components share factors and luma is a simple multiple of them
    // (and a 4th component, if any, matches luma); otherwise the raw factors, e.g. "2x2,1x1,1x1".
    private static string SubsamplingOf(JpegFrame frame)
    {
        var c = frame.Components;
        if (c.Length == 1)
            return "";
        bool regular = c[1].H == c[2].H && c[1].V == c[2].V && c[0].H % c[1].H == 0 && c[0].V % c[1].V == 0
            && (c.Length == 3 || (c[3].H == c[0].H && c[3].V == c[0].V));
        if (regular)
        {
            string? name = (c[0].H / c[1].H, c[0].V / c[1].V) switch
            {
                (1, 1) => "4:4:4",
                (2, 1) => "4:2:2",
                (2, 2) => "4:2:0",
                (1, 2) => "4:4:0",
                (4, 1) => "4:1:1",
                _ => null,
            };
            if (name is not null)
                return name;
        }
        return string.Join(",", c.Select(x => $"{x.H}x{x.V}"));
    }
}
