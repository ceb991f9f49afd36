using System.Diagnostics;
using System.IO.Compression;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>
/// The encoder's output round-trips exactly through our decoder and is accepted by independent tools: pngcheck
/// validates the structure and CRCs, ImageMagick decodes the same pixels (each skipped when the tool is absent).
/// </summary>
public class PngEncoderTests
{
    private const string PngCheck = "/usr/bin/pngcheck";
    private const string ImageMagick = "/usr/bin/convert-im6.q16";

    // Smooth gradients with a little noise: every filter type has a chance to win on some rows.
    private static Image Synthetic(int width, int height, PixelFormat format, int seed)
    {
        var rng = new Random(seed);
        var image = new Image(width, height, format);
        int channels = image.Channels;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int v = (x * (3 + c) + y * (5 - c) + rng.Next(-3, 4) + (rng.Next(40) == 0 ? rng.Next(256) : 0)) & 0xFF;
                    image.Pixels[(y * width + x) * channels + c] = (byte)v;
                }
            }
        }
        return image;
    }

    [Fact]
    public void Round_trips_exactly_for_many_sizes_and_every_format()
    {
        int seed = 0;
        foreach (var format in new[] { PixelFormat.Gray8, PixelFormat.Rgb8, PixelFormat.Rgba8 })
        {
            foreach (int width in new[] { 1, 2, 3, 7, 16, 33, 100 })
            {
                foreach (int height in new[] { 1, 2, 5, 31 })
                {
                    var image = Synthetic(width, height, format, seed++);
                    var decoded = PngDecoder.Decode(PngEncoder.Encode(image), DecoderOptions.Default);
                    Assert.Equal((width, height, format), (decoded.Width, decoded.Height, decoded.Format));
                    Assert.Equal(image.Pixels, decoded.Pixels);
                }
            }
        }
    }

    [Fact]
    public void Fastest_compression_also_round_trips_and_the_stream_overload_matches()
    {
        var image = Synthetic(64, 48, PixelFormat.Rgb8, 99);
        var fast = PngEncoder.Encode(image, CompressionLevel.Fastest);
        Assert.Equal(image.Pixels, PngDecoder.Decode(fast, DecoderOptions.Default).Pixels);
        using var stream = new MemoryStream();
        PngEncoder.Encode(image, stream, CompressionLevel.Fastest);
        Assert.Equal(fast, stream.ToArray());
    }

    [Fact]
    public void Large_images_span_several_IDAT_chunks()
    {
        var image = Synthetic(300, 300, PixelFormat.Rgba8, 7);
        var png = PngEncoder.Encode(image, CompressionLevel.Fastest);
        Assert.True(png.Length > 2 * PngIdatStream.ChunkSize, $"only {png.Length} bytes");
        Assert.Equal(image.Pixels, PngDecoder.Decode(png, DecoderOptions.Default).Pixels);
    }

    [Fact]
    public void The_adaptive_heuristic_picks_different_filters_for_different_rows()
    {
        var png = PngEncoder.Encode(Synthetic(40, 40, PixelFormat.Rgb8, 3));
        var types = FilterTypes(png, rowBytes: 40 * 3);
        Assert.True(types.Distinct().Count() >= 2, "filter types: " + string.Join(",", types));
        // Row 0 of a horizontal ramp: Sub leaves small steps, so it must beat None.
        var ramp = new Image(64, 1, PixelFormat.Gray8);
        for (int x = 0; x < 64; x++)
            ramp.Pixels[x] = (byte)(100 + x);
        Assert.Equal(1, FilterTypes(PngEncoder.Encode(ramp), rowBytes: 64)[0]);
    }

    [SkippableFact]
    public void Pngcheck_accepts_the_output()
    {
        Skip.IfNot(File.Exists(PngCheck), "pngcheck is not installed");
        foreach (var format in new[] { PixelFormat.Gray8, PixelFormat.Rgb8, PixelFormat.Rgba8 })
        {
            string path = Path.Combine(Path.GetTempPath(), $"facealign-pngcheck-{format}-{Environment.ProcessId}.png");
            File.WriteAllBytes(path, PngEncoder.Encode(Synthetic(37, 19, format, 1)));
            try
            {
                var (exit, output) = Run(PngCheck, "-v", path);
                Assert.True(exit == 0, output);
                Assert.Contains("No errors", output);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [SkippableFact]
    public void ImageMagick_decodes_the_output_to_the_same_pixels()
    {
        Skip.IfNot(File.Exists(ImageMagick), "ImageMagick 6 Q16 is not installed");
        var image = Synthetic(29, 17, PixelFormat.Rgb8, 5);
        string path = Path.Combine(Path.GetTempPath(), $"facealign-im-{Environment.ProcessId}.png");
        string ppm = Path.ChangeExtension(path, ".ppm");
        File.WriteAllBytes(path, PngEncoder.Encode(image));
        try
        {
            var (exit, output) = Run(ImageMagick, path, "-depth", "8", "ppm:" + ppm);
            Assert.True(exit == 0, output);
            Assert.Equal(image.Pixels, Image.Load(ppm).Pixels);
        }
        finally
        {
            File.Delete(path);
            File.Delete(ppm);
        }
    }

    // Inflates a non-interlaced 8-bit PNG's IDAT data and returns each scanline's filter byte.
    private static byte[] FilterTypes(byte[] png, int rowBytes)
    {
        using var idat = new MemoryStream();
        for (int pos = 8; pos < png.Length;)
        {
            int length = png[pos] << 24 | png[pos + 1] << 16 | png[pos + 2] << 8 | png[pos + 3];
            if (png.AsSpan(pos + 4, 4).SequenceEqual("IDAT"u8))
                idat.Write(png, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        return [.. Enumerable.Range(0, bytes.Length / (rowBytes + 1)).Select(y => bytes[y * (rowBytes + 1)])];
    }

    private static (int Exit, string Output) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
