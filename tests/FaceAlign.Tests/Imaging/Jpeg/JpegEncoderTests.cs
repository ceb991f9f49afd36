using System.Diagnostics;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Jpeg;

namespace FaceAlign.Tests.Imaging.Jpeg;

/// <summary>
/// The JPEG encoder's parts against hand-worked values from T.81, its headers against libjpeg's cjpeg, and its output
/// decoded by libjpeg's djpeg (until our own decoder lands). Tests needing those tools skip when they are absent.
/// </summary>
public class JpegEncoderTests
{
    private static Image Astronaut => Image.Load(SharedData.TestFile("bmp/astronaut64x48.ppm"));

    [Fact]
    public void Fast_dct_matches_the_textbook_definition_on_both_paths()
    {
        var rng = new Random(3);
        Span<float> expected = stackalloc float[64];
        for (int trial = 0; trial < 200; trial++)
        {
            var samples = new float[64];
            for (int i = 0; i < 64; i++)
                samples[i] = trial == 0 ? 127 : rng.Next(-128, 128); // trial 0: the largest DC
            ForwardDct.TransformNaive(samples, expected);
            var scalar = (float[])samples.Clone();
            var vector = (float[])samples.Clone();
            ForwardDct.TransformScaledScalar(scalar);
            ForwardDct.TransformScaledVector256(vector);
            Assert.Equal(scalar, vector); // same operations in the same order: bit-identical
            for (int i = 0; i < 64; i++)
                Assert.True(Math.Abs(scalar[i] / ForwardDct.OutputScale[i] - expected[i]) < 2e-3, $"trial {trial}, coefficient {i}: {scalar[i] / ForwardDct.OutputScale[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Dct_of_a_flat_block_is_eight_times_its_level()
    {
        var block = Enumerable.Repeat(-100f, 64).ToArray();
        ForwardDct.TransformNaive(block.ToArray(), block);
        Assert.Equal(-800f, block[0], 3); // F(0,0) = ¼ · ½ · 64 · level
        Assert.All(block[1..], c => Assert.Equal(0f, c, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Colour_planes_follow_the_JFIF_formulas_with_edge_replication(int sampling)
    {
        // 3×2 pixels: the strip is padded to 16 (or 8) columns and rows by repeating the last column and row.
        // Pure blue's Cb is 255.5 in real numbers; the encoder's half-down rounding gives 255, within the tolerance.
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 200, 100, 50, 255, 255, 255];
        var image = new Image(3, 2, PixelFormat.Rgb8, rgb);
        var planes = new JpegEncoderPlanes(image, sampling, sampling);
        planes.Fill(0);
        int width = planes.Widths[0], chromaWidth = planes.Widths[1];
        Assert.Equal((8 * sampling, 8), (width, chromaWidth));

        (double Y, double Cb, double Cr) Jfif(int x, int y) // JFIF 1.02, in doubles, of the replicated source pixel
        {
            int p = (Math.Min(y, 1) * 3 + Math.Min(x, 2)) * 3;
            double r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
            return (0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b + 128, 0.5 * r - 0.418688 * g - 0.081312 * b + 128);
        }

        for (int y = 0; y < 8 * sampling; y++)
        {
            for (int x = 0; x < width; x++)
                Assert.Equal(Jfif(x, y).Y, planes.Samples[0][y * width + x], 0.51);
        }
        for (int cy = 0; cy < 8; cy++)
        {
            for (int cx = 0; cx < chromaWidth; cx++)
            {
                double cb = 0, cr = 0;
                for (int dy = 0; dy < sampling; dy++)
                {
                    for (int dx = 0; dx < sampling; dx++)
                    {
                        var (_, b, r) = Jfif(cx * sampling + dx, cy * sampling + dy);
                        cb += b / (sampling * sampling);
                        cr += r / (sampling * sampling);
                    }
                }
                Assert.Equal(cb, planes.Samples[1][cy * chromaWidth + cx], 0.51);
                Assert.Equal(cr, planes.Samples[2][cy * chromaWidth + cx], 0.51);
            }
        }
    }

    [Fact]
    public void Quality_scaling_follows_libjpeg()
    {
        var k1 = JpegEncoderTables.LuminanceQuantisation;
        Assert.Equal(k1.ToArray(), JpegEncoderTables.Scaled(k1, 50));
        Assert.All(JpegEncoderTables.Scaled(k1, 100), q => Assert.Equal(1, q));
        var q90 = JpegEncoderTables.Scaled(k1, 90); // 20 %: 16 → 3.2 → 3, 11 → 2.2 → 2, 99 → 19.8 → 20
        Assert.Equal((3, 2, 20), (q90[0], q90[1], q90[63]));
        var q10 = JpegEncoderTables.Scaled(k1, 10); // 500 %: 16 → 80, 99 → 495 → clamped to 255 for baseline
        Assert.Equal((80, 255), (q10[0], q10[63]));
    }

    [Fact]
    public void Annex_K_tables_give_the_codes_printed_in_the_standard()
    {
        var dc = new HuffmanEncoderTable(JpegEncoderTables.DcLuminanceBits, JpegEncoderTables.DcLuminanceValues);
        // Table K.3: category → code.
        Assert.Equal((0b00, 2), (dc.Code(0), dc.Length(0)));
        Assert.Equal((0b010, 3), (dc.Code(1), dc.Length(1)));
        Assert.Equal((0b1110, 4), (dc.Code(6), dc.Length(6)));
        Assert.Equal((0b111111110, 9), (dc.Code(11), dc.Length(11)));
        var ac = new HuffmanEncoderTable(JpegEncoderTables.AcLuminanceBits, JpegEncoderTables.AcLuminanceValues);
        // Table K.5: run/size → code.
        Assert.Equal((0b1010, 4), (ac.Code(0x00), ac.Length(0x00)));            // EOB
        Assert.Equal((0b00, 2), (ac.Code(0x01), ac.Length(0x01)));
        Assert.Equal((0b11111111001, 11), (ac.Code(0xF0), ac.Length(0xF0)));    // ZRL
        Assert.Equal((0b1111111111111110, 16), (ac.Code(0xFA), ac.Length(0xFA)));
        var acChroma = new HuffmanEncoderTable(JpegEncoderTables.AcChrominanceBits, JpegEncoderTables.AcChrominanceValues);
        Assert.Equal((0b00, 2), (acChroma.Code(0x00), acChroma.Length(0x00)));  // Table K.6: EOB
        Assert.Equal((0b1111111010, 10), (acChroma.Code(0xF0), acChroma.Length(0xF0)));
        foreach (var table in new[] { ac, acChroma })
        {
            for (int run = 0; run < 16; run++)
            {
                for (int size = 1; size <= 10; size++)
                    Assert.NotEqual(0, table.Length(run << 4 | size));
            }
        }
    }

    [Fact]
    public void Blocks_are_coded_as_worked_by_hand()
    {
        var dc = new HuffmanEncoderTable(JpegEncoderTables.DcLuminanceBits, JpegEncoderTables.DcLuminanceValues);
        var ac = new HuffmanEncoderTable(JpegEncoderTables.AcLuminanceBits, JpegEncoderTables.AcLuminanceValues);

        // DC 5 (category 3: 100, then 101), AC −3 (run 0 size 2: 01, then −3 − 1 = …100 → 00), EOB 1010, pad 11.
        var block = new short[64];
        block[0] = 5;
        block[1] = -3;
        var bits = new HuffmanBitEncoder(0);
        int previous = 0;
        bits.EncodeBlock(block, ref previous, dc, ac);
        Assert.Equal(new byte[] { 0b1001_0101, 0b0010_1011 }, bits.Finish().ToArray());
        Assert.Equal(5, previous);

        // DC 1023 after 0: category 10 (11111110) then ten 1-bits; the 0xFF byte gets a stuffed 0x00.
        block = new short[64];
        block[0] = 1023;
        bits = new HuffmanBitEncoder(0);
        previous = 0;
        bits.EncodeBlock(block, ref previous, dc, ac);
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0b1110_1011 }, bits.Finish().ToArray());

        // Seventeen zeros then a 1: ZRL (11111111001), run 1 size 1 (1100), extra bit 1, EOB.
        block = new short[64];
        block[18] = 1;
        bits = new HuffmanBitEncoder(0);
        previous = 0;
        bits.EncodeBlock(block, ref previous, dc, ac);
        Assert.Equal(new byte[] { 0b0011_1111, 0b1100_1110, 0b0110_1011 }, bits.Finish().ToArray());
    }

    [Fact]
    public void Alpha_is_dropped()
    {
        var rgb = Astronaut;
        var rgba = new byte[rgb.Width * rgb.Height * 4];
        for (int i = 0; i < rgb.Width * rgb.Height; i++)
            (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = (rgb.Pixels[3 * i], rgb.Pixels[3 * i + 1], rgb.Pixels[3 * i + 2], (byte)i);
        Assert.Equal(JpegEncoder.Encode(rgb), JpegEncoder.Encode(new Image(rgb.Width, rgb.Height, PixelFormat.Rgba8, rgba)));
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        var image = new Image(2, 2, PixelFormat.Gray8);
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, 101));
        Assert.Throws<NotSupportedException>(() => JpegEncoder.Encode(new Image(65536, 1, PixelFormat.Gray8)));
    }

    [Fact]
    public void File_size_decreases_with_quality()
    {
        var image = Astronaut;
        var sizes = new[] { 100, 90, 75, 50, 10 }.Select(q => JpegEncoder.Encode(image, q).Length).ToArray();
        for (int i = 1; i < sizes.Length; i++)
            Assert.True(sizes[i] < sizes[i - 1], $"sizes by quality 100, 90, 75, 50, 10: {string.Join(", ", sizes)}");
        Assert.True(JpegEncoder.Encode(image, 90, JpegEncoderChroma.Full444).Length > sizes[1]);
    }

    [SkippableTheory]
    [InlineData(JpegEncoderChroma.Subsampled420, "2x2")]
    [InlineData(JpegEncoderChroma.Full444, "1x1")]
    public void Headers_are_those_cjpeg_writes_for_the_same_settings(JpegEncoderChroma chroma, string sampling)
    {
        Skip.If(!Tool.Exists("cjpeg"), "cjpeg (libjpeg-turbo) is not installed");
        string ppm = SharedData.TestFile("bmp/astronaut64x48.ppm");
        foreach (int quality in new[] { 10, 50, 75, 90, 100 })
        {
            var ours = JpegEncoder.Encode(Astronaut, quality, chroma);
            var theirs = Tool.Run("cjpeg", $"-baseline -quality {quality} -sample {sampling} {ppm}");
            // APP0, DQT, SOF0, DHT, SOS payloads: everything but the entropy-coded data.
            Assert.Equal(Segments(theirs), Segments(ours));
        }
    }

    [SkippableFact]
    public void Djpeg_decodes_the_astronaut_at_quality_90_above_35_dB()
    {
        Skip.If(!Tool.Exists("djpeg"), "djpeg (libjpeg-turbo) is not installed");
        var source = Astronaut;
        var decoded = Djpeg(JpegEncoder.Encode(source, 90));
        Assert.Equal((source.Width, source.Height, PixelFormat.Rgb8), (decoded.Width, decoded.Height, decoded.Format));
        double psnr = Psnr(source, decoded);
        Assert.True(psnr > 35, $"PSNR {psnr:F2} dB");

        // libjpeg's own float-DCT encode of the same picture is the yardstick: 35.42 dB when this was written.
        if (Tool.Exists("cjpeg"))
        {
            var reference = Djpeg(Tool.Run("cjpeg", $"-baseline -quality 90 -dct float {SharedData.TestFile("bmp/astronaut64x48.ppm")}"));
            Assert.True(psnr > Psnr(source, reference) - 0.1, $"ours {psnr:F2} dB, cjpeg {Psnr(source, reference):F2} dB");
        }
        Assert.True(Psnr(source, Djpeg(JpegEncoder.Encode(source, 90, JpegEncoderChroma.Full444))) > psnr);
    }

    [SkippableTheory]
    [InlineData(1, 1)]
    [InlineData(17, 13)]
    [InlineData(33, 9)]
    [InlineData(8, 16)]
    [InlineData(64, 48)]
    public void Odd_sizes_decode_to_the_same_size_in_grey_and_colour(int width, int height)
    {
        Skip.If(!Tool.Exists("djpeg"), "djpeg (libjpeg-turbo) is not installed");
        var crop = Crop(Astronaut, width, height);
        foreach (var chroma in new[] { JpegEncoderChroma.Subsampled420, JpegEncoderChroma.Full444 })
        {
            var decoded = Djpeg(JpegEncoder.Encode(crop, 90, chroma));
            Assert.Equal((width, height, PixelFormat.Rgb8), (decoded.Width, decoded.Height, decoded.Format));
            Assert.True(Psnr(crop, decoded) > 30, $"{chroma} {width}×{height}: {Psnr(crop, decoded):F2} dB");
        }

        var grey = GreyOf(crop);
        var decodedGrey = Djpeg(JpegEncoder.Encode(grey, 90));
        Assert.Equal((width, height, PixelFormat.Gray8), (decodedGrey.Width, decodedGrey.Height, decodedGrey.Format));
        Assert.True(Psnr(grey, decodedGrey) > 35, $"grey {width}×{height}: {Psnr(grey, decodedGrey):F2} dB");
    }

    [SkippableFact]
    public void Extreme_colours_survive()
    {
        Skip.If(!Tool.Exists("djpeg"), "djpeg (libjpeg-turbo) is not installed");
        // Saturated primaries, black and white in 8×8 tiles: the largest DC steps and chroma values there are.
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [0, 0, 0], [255, 255, 255], [255, 255, 0]];
        var image = new Image(48, 16, PixelFormat.Rgb8);
        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 48; x++)
                colours[(x / 8 + y / 8) % colours.Length].CopyTo(image.Pixels, (y * 48 + x) * 3);
        }
        var decoded = Djpeg(JpegEncoder.Encode(image, 100, JpegEncoderChroma.Full444));
        Assert.True(Psnr(image, decoded) > 40, $"{Psnr(image, decoded):F2} dB");
    }

    private static Image Djpeg(byte[] jpeg)
    {
        string path = Path.Combine(Path.GetTempPath(), $"facealign-{Guid.NewGuid():N}.jpg");
        try
        {
            File.WriteAllBytes(path, jpeg);
            return Image.Decode(Tool.Run("djpeg", $"-pnm {path}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Psnr(Image a, Image b)
    {
        Assert.Equal((a.Width, a.Height, a.Format), (b.Width, b.Height, b.Format));
        double sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            double d = a.Pixels[i] - b.Pixels[i];
            sum += d * d;
        }
        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255 * a.Pixels.Length / sum);
    }

    private static Image Crop(Image source, int width, int height)
    {
        var crop = new Image(width, height, source.Format);
        for (int y = 0; y < height; y++)
            source.Row(y)[..crop.Stride].CopyTo(crop.Row(y));
        return crop;
    }

    private static Image GreyOf(Image rgb)
    {
        var grey = new Image(rgb.Width, rgb.Height, PixelFormat.Gray8);
        for (int i = 0; i < grey.Pixels.Length; i++)
            grey.Pixels[i] = rgb.Pixels[3 * i + 1];
        return grey;
    }

    // Marker → payload up to and including SOS, in file order. Consecutive segments of one kind are joined: whether
    // four tables go in one DHT or four is the writer's choice (B.2.4), the tables themselves are what must match.
    private static List<(byte Marker, string Payload)> Segments(byte[] jpeg)
    {
        var segments = new List<(byte Marker, string Payload)>();
        int i = 2;
        while (i + 4 <= jpeg.Length)
        {
            byte marker = jpeg[i + 1];
            int length = jpeg[i + 2] << 8 | jpeg[i + 3];
            string payload = Convert.ToHexString(jpeg, i + 4, length - 2);
            if (segments.Count > 0 && segments[^1].Marker == marker)
                segments[^1] = (marker, segments[^1].Payload + payload);
            else
                segments.Add((marker, payload));
            i += 2 + length;
            if (marker == 0xDA)
                break;
        }
        return segments;
    }

    private static class Tool
    {
        public static bool Exists(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));

        public static byte[] Run(string name, string arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(name, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            using var output = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{name} {arguments} failed: {stderr.Result}");
            return output.ToArray();
        }
    }
}
