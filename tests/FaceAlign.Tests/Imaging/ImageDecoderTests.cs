using FaceAlign.Imaging;

namespace FaceAlign.Tests.Imaging;

public class ImageDecoderTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, ImageFormat.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ImageFormat.Jpeg)]
    [InlineData(new byte[] { (byte)'P', (byte)'6', (byte)'\n' }, ImageFormat.Pnm)]
    [InlineData(new byte[] { (byte)'P', (byte)'5', (byte)' ' }, ImageFormat.Pnm)]
    [InlineData(new byte[] { (byte)'B', (byte)'M', 0 }, ImageFormat.Bmp)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F' }, ImageFormat.Unknown)]
    [InlineData(new byte[] { }, ImageFormat.Unknown)]
    public void DetectFormat_reads_the_signature(byte[] bytes, ImageFormat expected) =>
        Assert.Equal(expected, ImageDecoder.DetectFormat(bytes));

    [Fact]
    public void Unknown_bytes_are_an_InvalidImageException_with_a_message()
    {
        var e = Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode("GIF89a"u8));
        Assert.Contains("unknown image format", e.Message);
        Assert.Throws<InvalidImageException>(() => ImageDecoder.Decode(ReadOnlySpan<byte>.Empty));
    }
}
