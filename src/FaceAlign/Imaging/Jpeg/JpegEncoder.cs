using System.Buffers.Binary;

namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Baseline sequential JPEG (T.81 SOF0, 8-bit, Huffman-coded with the Annex K typical tables) in a JFIF container.
/// Colour images are written as YCbCr, 4:2:0 by default; grey images as one component; alpha is dropped. No
/// progressive mode, no restart markers, no optimised Huffman tables, no EXIF.
/// </summary>
public static class JpegEncoder
{
    /// <param name="quality">1–100, as libjpeg's scale of the standard quantisation tables.</param>
    public static byte[] Encode(Image image, int quality = 90, JpegEncoderChroma chroma = JpegEncoderChroma.Subsampled420)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Width > ushort.MaxValue || image.Height > ushort.MaxValue)
            throw new NotSupportedException($"JPEG cannot store a {image.Width}×{image.Height} image (at most 65535 pixels a side)");

        bool grey = image.Format == PixelFormat.Gray8;
        var components = grey ? [Luma(1, 1)]
            : chroma == JpegEncoderChroma.Subsampled420 ? new[] { Luma(2, 2), Chroma(2), Chroma(3) }
            : [Luma(1, 1), Chroma(2), Chroma(3)];
        var quantisation = new[]
        {
            JpegEncoderTables.Scaled(JpegEncoderTables.LuminanceQuantisation, quality),
            JpegEncoderTables.Scaled(JpegEncoderTables.ChrominanceQuantisation, quality),
        };

        var file = new List<byte>(1024);
        WriteHeaders(file, image.Width, image.Height, components, grey ? quantisation[..1] : quantisation);
        var scan = JpegEncoderScan.Encode(image, components, quantisation);
        file.AddRange(scan);
        file.Add(0xFF);
        file.Add(0xD9); // EOI
        return [.. file];
    }

    private static JpegEncoderComponent Luma(int h, int v) => new(1, h, v, QuantisationTable: 0, HuffmanTable: 0);

    private static JpegEncoderComponent Chroma(int id) => new(id, 1, 1, QuantisationTable: 1, HuffmanTable: 1);

    private static void WriteHeaders(List<byte> file, int width, int height, JpegEncoderComponent[] components, byte[][] quantisation)
    {
        file.AddRange([0xFF, 0xD8]); // SOI

        // APP0 JFIF 1.01, no units, 1:1 pixel aspect, no thumbnail (JFIF 1.02 specification).
        Segment(file, 0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        // DQT (B.2.4.1): 8-bit precision, entries in zig-zag order.
        var dqt = new List<byte>();
        for (int t = 0; t < quantisation.Length; t++)
        {
            dqt.Add((byte)t);
            foreach (byte natural in JpegEncoderTables.ZigZag)
                dqt.Add(quantisation[t][natural]);
        }
        Segment(file, 0xDB, dqt);

        // SOF0 (B.2.2): precision 8, size, then id, sampling factors, quantisation table per component.
        var sof = new List<byte> { 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components.Length };
        foreach (var c in components)
            sof.AddRange([(byte)c.Id, (byte)(c.H << 4 | c.V), (byte)c.QuantisationTable]);
        Segment(file, 0xC0, sof);

        // DHT (B.2.4.2): class 0 = DC, 1 = AC; table 0 = luminance, 1 = chrominance.
        var dht = new List<byte>();
        int tables = components.Length == 1 ? 1 : 2;
        for (int t = 0; t < tables; t++)
        {
            AddHuffman(dht, 0x00 | t, JpegEncoderScan.DcTables[t]);
            AddHuffman(dht, 0x10 | t, JpegEncoderScan.AcTables[t]);
        }
        Segment(file, 0xC4, dht);

        // SOS (B.2.3): all components interleaved, spectral selection 0–63, no successive approximation.
        var sos = new List<byte> { (byte)components.Length };
        foreach (var c in components)
            sos.AddRange([(byte)c.Id, (byte)(c.HuffmanTable << 4 | c.HuffmanTable)]);
        sos.AddRange([0, 63, 0]);
        Segment(file, 0xDA, sos);
    }

    private static void AddHuffman(List<byte> dht, int classAndId, HuffmanEncoderTable table)
    {
        dht.Add((byte)classAndId);
        dht.AddRange(table.Bits);
        dht.AddRange(table.Values);
    }

    // A marker segment: FF, marker, 16-bit big-endian length (counting itself), payload.
    private static void Segment(List<byte> file, byte marker, IReadOnlyCollection<byte> payload)
    {
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Count + 2));
        file.AddRange([0xFF, marker, length[0], length[1]]);
        file.AddRange(payload);
    }
}
