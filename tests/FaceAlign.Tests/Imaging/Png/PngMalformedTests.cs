using FaceAlign.Imaging;
using FaceAlign.Imaging.Png;
using static FaceAlign.Tests.Imaging.Png.PngBuilder;

namespace FaceAlign.Tests.Imaging.Png;

/// <summary>Hand-built broken files: each must fail with an <see cref="InvalidImageException"/> that says what is wrong.</summary>
public class PngMalformedTests
{
    // A 2×2 8-bit grey image: filter byte 0 then two samples per row.
    private static readonly byte[] GreyRows = [0, 10, 20, 0, 30, 40];

    private static InvalidImageException Fails(byte[] png, DecoderOptions? options = null) =>
        Assert.Throws<InvalidImageException>(() => Image.Decode(png, options));

    [Fact]
    public void The_hand_built_baseline_decodes()
    {
        var image = Image.Decode(PngFile(Ihdr(2, 2, 8, 0), Idat(GreyRows), Iend()));
        Assert.Equal(new byte[] { 10, 20, 30, 40 }, image.Pixels);
    }

    [Theory]
    [InlineData(8, 1, "colour type 1")]
    [InlineData(4, 2, "bit depth 4")]
    [InlineData(16, 3, "bit depth 16")]
    [InlineData(2, 6, "bit depth 2")]
    [InlineData(3, 0, "bit depth 3")]
    public void Illegal_depth_and_colour_type_combinations_are_refused(byte depth, byte colorType, string message) =>
        Assert.Contains(message, Fails(PngFile(Ihdr(2, 2, depth, colorType), Idat(GreyRows), Iend())).Message);

    [Fact]
    public void Structural_errors_name_the_problem()
    {
        Assert.Contains("IHDR", Fails(PngFile(Idat(GreyRows), Iend())).Message);
        Assert.Contains("no IDAT", Fails(PngFile(Ihdr(2, 2, 8, 0), Iend())).Message);
        Assert.Contains("IEND chunk missing", Fails(PngFile(Ihdr(2, 2, 8, 0), Idat(GreyRows))).Message);
        Assert.Contains("1–2^31−1", Fails(PngFile(Ihdr(0, 2, 8, 0), Idat(GreyRows), Iend())).Message);
        Assert.Contains("PLTE", Fails(PngFile(Ihdr(2, 2, 8, 3), Idat(GreyRows), Iend())).Message);
        Assert.Contains("second IHDR", Fails(PngFile(Ihdr(2, 2, 8, 0), Ihdr(2, 2, 8, 0), Idat(GreyRows), Iend())).Message);
        Assert.Contains("separated", Fails(PngFile(Ihdr(2, 2, 8, 0), Idat([0, 10, 20]), Chunk("tEXt", 65, 0, 66), Idat([0, 30, 40]), Iend())).Message);
        Assert.Contains("signature", Assert.Throws<InvalidImageException>(() =>
            PngDecoder.Decode(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B, 0, 0 }, DecoderOptions.Default)).Message);
    }

    [Fact]
    public void Ancillary_chunks_are_skipped_and_IDAT_may_be_split_anywhere()
    {
        byte[] z = Zlib(GreyRows);
        var image = Image.Decode(PngFile(Ihdr(2, 2, 8, 0), Chunk("gAMA", 0, 0, 0xB1, 0x8F), Chunk("IDAT", z[..3]),
            Chunk("IDAT", z[3..]), Chunk("tEXt", 65, 0, 66), Iend()));
        Assert.Equal(new byte[] { 10, 20, 30, 40 }, image.Pixels);
    }

    [Fact]
    public void A_CRC_mismatch_names_the_chunk()
    {
        byte[] png = PngFile(Ihdr(2, 2, 8, 0), Idat(GreyRows), Iend());
        png[^20] ^= 1; // inside the IDAT data
        var e = Fails(png);
        Assert.Contains("IDAT", e.Message);
        Assert.Contains("CRC", e.Message);
    }

    [Fact]
    public void Image_data_of_the_wrong_size_or_content_is_refused()
    {
        Assert.Contains("ends early", Fails(PngFile(Ihdr(2, 2, 8, 0), Idat(GreyRows[..5]), Iend())).Message);
        Assert.Contains("more than", Fails(PngFile(Ihdr(2, 2, 8, 0), Idat([.. GreyRows, 0]), Iend())).Message);
        Assert.Contains("filter type 5", Fails(PngFile(Ihdr(2, 2, 8, 0), Idat([0, 10, 20, 5, 30, 40]), Iend())).Message);
        byte[] z = Zlib(GreyRows);
        Assert.Contains("ends early", Fails(PngFile(Ihdr(2, 2, 8, 0), Chunk("IDAT", z[..^6]), Iend())).Message);
        Assert.Contains("zlib", Fails(PngFile(Ihdr(2, 2, 8, 0), Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF]), Iend())).Message);
        // A zlib header asking for a preset dictionary (FDICT, RFC 1950 §2.2): zlib answers Z_NEED_DICT, which .NET
        // raises as ZLibException, an IOException — found by the CRC-fixed mutation test.
        Assert.Contains("zlib", Fails(PngFile(Ihdr(2, 2, 8, 0), Chunk("IDAT", [0x78, 0x20, 0, 0, 0, 1, 0x63, 0, 0]), Iend())).Message);
    }

    [Fact]
    public void Palette_indices_beyond_PLTE_are_refused()
    {
        byte[] plte = Chunk("PLTE", 255, 0, 0, 0, 255, 0); // two entries
        var ok = Image.Decode(PngFile(Ihdr(2, 1, 8, 3), plte, Idat([0, 1, 0]), Iend()));
        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 0 }, ok.Pixels);
        Assert.Contains("palette index 2", Fails(PngFile(Ihdr(2, 1, 8, 3), plte, Idat([0, 1, 2]), Iend())).Message);
    }

    [Fact]
    public void Unknown_critical_chunks_are_not_supported()
    {
        var e = Assert.Throws<NotSupportedException>(() =>
            Image.Decode(PngFile(Ihdr(2, 2, 8, 0), Chunk("CgBI", 0, 0, 0, 0), Idat(GreyRows), Iend())));
        Assert.Contains("CgBI", e.Message);
    }

    [Fact]
    public void Sizes_over_the_pixel_limit_are_refused_before_decoding()
    {
        var e = Fails(PngFile(Ihdr(100_000, 100_000, 8, 2), Idat(GreyRows), Iend()));
        Assert.Contains("100000×100000", e.Message);
        Assert.Contains("limit", e.Message);

        byte[] png = PngFile(Ihdr(2, 2, 8, 0), Idat(GreyRows), Iend());
        Assert.Contains("limit", Fails(png, new DecoderOptions { MaxPixels = 3 }).Message);
        Assert.Equal(4, Image.Decode(png, new DecoderOptions { MaxPixels = 4 }).Pixels.Length);
    }

    [Fact]
    public void A_huge_header_with_a_tiny_IDAT_is_refused_without_allocating_the_image()
    {
        var options = new DecoderOptions { MaxPixels = long.MaxValue };
        var e = Fails(PngFile(Ihdr(40_000, 40_000, 16, 6), Idat(GreyRows), Iend()), options);
        Assert.Contains("too few", e.Message);
    }
}
