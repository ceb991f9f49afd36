namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Walks a JPEG file's markers (T.81 B.1–B.2) with one method per marker, collecting tables, the frame header and the
/// JFIF/EXIF/Adobe application data. In decode mode every scan is entropy-decoded as its SOS arrives; in identify
/// mode reading stops at the first SOS. One instance per call.
/// </summary>
internal sealed class JpegMarkerReader
{
    private readonly HuffmanTable?[] dcTables = new HuffmanTable?[4];
    private readonly HuffmanTable?[] acTables = new HuffmanTable?[4];
    private readonly ushort[]?[] quantTables = new ushort[]?[4];
    private readonly DecoderOptions? options;
    private const int MaxScans = 1000;
    private int restartInterval;
    private int scanCount;

    /// <param name="options">Decode limits, or null to read headers only.</param>
    public JpegMarkerReader(DecoderOptions? options) => this.options = options;

    public JpegFrame? Frame { get; private set; }
    public bool SawJfif { get; private set; }

    /// <summary>Adobe APP14 colour transform flag (0 none, 1 YCbCr, 2 YCCK), or -1 without an Adobe segment.</summary>
    public int AdobeTransform { get; private set; } = -1;

    /// <summary>EXIF orientation 1–8 (1 when absent).</summary>
    public int Orientation { get; private set; } = 1;

    public JpegFrame Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarker.Soi)
            throw JpegThrow.Invalid("file does not start with an SOI marker");
        int position = 2;
        while (true)
        {
            int marker = JpegMarker.Next(data, ref position);
            switch (marker)
            {
                case < 0:
                    throw JpegThrow.EndsEarly(Frame is null ? "no frame header" : "no EOI marker");
                case JpegMarker.Sof0 or JpegMarker.Sof1 or JpegMarker.Sof2:
                    ReadStartOfFrame((byte)marker, Segment(data, ref position, "SOF"));
                    break;
                case JpegMarker.Sof3 or 0xC7 or 0xCB or 0xCF:
                    throw JpegThrow.NotSupported("lossless JPEG is not supported");
                case 0xC5 or 0xC6 or JpegMarker.Dhp or JpegMarker.Exp:
                    throw JpegThrow.NotSupported("hierarchical JPEG is not supported");
                case 0xC9 or 0xCA or 0xCD or 0xCE or JpegMarker.Dac:
                    throw JpegThrow.NotSupported("arithmetic-coded JPEG is not supported");
                case JpegMarker.Dht:
                    ReadHuffmanTables(Segment(data, ref position, "DHT"));
                    break;
                case JpegMarker.Dqt:
                    ReadQuantizationTables(Segment(data, ref position, "DQT"));
                    break;
                case JpegMarker.Dri:
                    ReadRestartInterval(Segment(data, ref position, "DRI"));
                    break;
                case JpegMarker.Sos:
                    if (Frame is null)
                        throw JpegThrow.Invalid("scan (SOS) before the frame header (SOF)");
                    if (options is null)
                        return Frame;
                    position = ReadStartOfScan(data, Segment(data, ref position, "SOS"), position);
                    break;
                case JpegMarker.Eoi:
                    if (Frame is null || scanCount == 0)
                        throw JpegThrow.Invalid("EOI before any image data");
                    return Frame;
                case JpegMarker.App0:
                    ReadJfif(Segment(data, ref position, "APP0"));
                    break;
                case JpegMarker.App1:
                    ReadExif(Segment(data, ref position, "APP1"));
                    break;
                case JpegMarker.App14:
                    ReadAdobe(Segment(data, ref position, "APP14"));
                    break;
                case JpegMarker.Soi:
                    throw JpegThrow.Invalid("second SOI marker");
                case JpegMarker.Tem or (>= JpegMarker.Rst0 and <= JpegMarker.Rst7):
                    break; // markers without a segment; a stray RSTn is ignored as libjpeg does
                default:
                    // COM, other APPn, DNL, JPGn and reserved markers: skip their segment.
                    Segment(data, ref position, $"marker 0x{marker:X2}");
                    break;
            }
        }
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int position, string name)
    {
        if (position + 2 > data.Length)
            throw JpegThrow.EndsEarly($"in the {name} segment length");
        int length = data[position] << 8 | data[position + 1];
        if (length < 2)
            throw JpegThrow.Invalid($"{name} segment length {length} is less than 2");
        if (position + length > data.Length)
            throw JpegThrow.EndsEarly($"inside the {name} segment of {length} bytes at offset {position - 2}");
        var segment = data.Slice(position + 2, length - 2);
        position += length;
        return segment;
    }

    // B.2.2 frame header: P, Y, X, Nf, then Ci, Hi/Vi, Tqi per component.
    private void ReadStartOfFrame(byte marker, ReadOnlySpan<byte> s)
    {
        if (Frame is not null)
            throw JpegThrow.Invalid("more than one frame header (SOF)");
        if (s.Length < 6)
            throw JpegThrow.Invalid($"SOF segment is {s.Length} bytes, too short");
        int precision = s[0], height = s[1] << 8 | s[2], width = s[3] << 8 | s[4], count = s[5];
        if (precision != 8)
            throw precision is 12 or 16
                ? JpegThrow.NotSupported($"{precision}-bit JPEG is not supported")
                : JpegThrow.Invalid($"sample precision {precision} is not 8 or 12");
        if (width == 0)
            throw JpegThrow.Invalid("frame width is 0");
        if (height == 0)
            throw JpegThrow.NotSupported("JPEG with the height given by a DNL marker is not supported");
        if (count == 0 || s.Length != 6 + 3 * count)
            throw JpegThrow.Invalid($"SOF segment of {s.Length} bytes does not fit {count} components");
        if (count is not (1 or 3 or 4))
            throw JpegThrow.NotSupported($"JPEG with {count} components is not supported (1, 3 or 4)");
        if (options is not null && (long)width * height > options.MaxPixels)
            throw JpegThrow.Invalid($"image {width}×{height} exceeds the {options.MaxPixels}-pixel limit");

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = s[6 + 3 * i], h = s[7 + 3 * i] >> 4, v = s[7 + 3 * i] & 15, tq = s[8 + 3 * i];
            if (h is < 1 or > 4 || v is < 1 or > 4)
                throw JpegThrow.Invalid($"component {id} has sampling factors {h}x{v} (each must be 1–4)");
            if (tq > 3)
                throw JpegThrow.Invalid($"component {id} uses quantisation table {tq} (0–3 allowed)");
            components[i] = new JpegComponent(id, h, v, tq);
        }
        var frame = new JpegFrame(marker, width, height, components);
        // Sample planes and coefficient arrays cover whole MCUs; keep every buffer within .NET's array limit.
        if ((long)frame.McusPerLine * 8 * frame.HMax * frame.McusPerColumn * 8 * frame.VMax * 3 > Array.MaxLength)
            throw JpegThrow.NotSupported($"JPEG image {width}×{height} is too large to decode in memory");
        Frame = frame;
    }

    // B.2.4.2: a DHT segment holds one or more tables: Tc/Th, 16 code-length counts, the symbols.
    private void ReadHuffmanTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17)
                throw JpegThrow.Invalid("DHT segment ends inside a table header");
            int tc = s[0] >> 4, th = s[0] & 15;
            if (tc > 1 || th > 3)
                throw JpegThrow.Invalid($"DHT table class {tc} / id {th} is out of range");
            var counts = s.Slice(1, 16);
            int total = 0;
            foreach (byte n in counts)
                total += n;
            if (total > 256 || s.Length < 17 + total)
                throw JpegThrow.Invalid($"DHT table with {total} symbols does not fit its segment");
            var table = new HuffmanTable(counts, s.Slice(17, total));
            (tc == 0 ? dcTables : acTables)[th] = table;
            s = s[(17 + total)..];
        }
    }

    // B.2.4.1: Pq/Tq then 64 steps in zig-zag order (8- or 16-bit); stored here in natural order.
    private void ReadQuantizationTables(ReadOnlySpan<byte> s)
    {
        var zigzag = ZigZag.ToNatural;
        while (s.Length > 0)
        {
            int pq = s[0] >> 4, tq = s[0] & 15;
            if (pq > 1 || tq > 3)
                throw JpegThrow.Invalid($"DQT precision {pq} / id {tq} is out of range");
            int size = 1 + 64 * (pq + 1);
            if (s.Length < size)
                throw JpegThrow.Invalid("DQT segment ends inside a table");
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
                table[zigzag[k]] = pq == 0 ? s[1 + k] : (ushort)(s[1 + 2 * k] << 8 | s[2 + 2 * k]);
            quantTables[tq] = table;
            s = s[size..];
        }
    }

    private void ReadRestartInterval(ReadOnlySpan<byte> s)
    {
        if (s.Length != 2)
            throw JpegThrow.Invalid($"DRI segment is {s.Length + 2} bytes, not 4");
        restartInterval = s[0] << 8 | s[1];
    }

    private void ReadJfif(ReadOnlySpan<byte> s)
    {
        if (s.StartsWith("JFIF\0"u8))
            SawJfif = true;
    }

    private void ReadExif(ReadOnlySpan<byte> s)
    {
        int orientation = ExifOrientation.Read(s);
        if (orientation != 0)
            Orientation = orientation;
    }

    // Adobe APP14: "Adobe", version, flags0, flags1, transform (Adobe Technical Note #5116, §18).
    private void ReadAdobe(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 12 && s.StartsWith("Adobe"u8))
            AdobeTransform = s[11];
    }

    // B.2.3 scan header, then the scan's entropy-coded data. Returns the offset after that data.
    private int ReadStartOfScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> s, int position)
    {
        var frame = Frame!;
        if (s.Length < 1)
            throw JpegThrow.Invalid("SOS segment is empty");
        int count = s[0];
        if (count is < 1 or > 4 || s.Length != 4 + 2 * count)
            throw JpegThrow.Invalid($"SOS segment of {s.Length + 2} bytes does not fit {count} components");
        var components = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = s[1 + 2 * i], td = s[2 + 2 * i] >> 4, ta = s[2 + 2 * i] & 15;
            var c = frame.FindComponent(id) ?? throw JpegThrow.Invalid($"scan refers to component {id}, which is not in the frame");
            if (Array.IndexOf(components, c, 0, i) >= 0)
                throw JpegThrow.Invalid($"scan lists component {id} twice");
            if (td > 3 || ta > 3)
                throw JpegThrow.Invalid($"scan component {id} uses Huffman table {td}/{ta} (0–3 allowed)");
            c.DcTable = dcTables[td];
            c.AcTable = acTables[ta];
            c.Quant ??= (ushort[]?)quantTables[c.QuantTableId]?.Clone()
                ?? throw JpegThrow.Invalid($"quantisation table {c.QuantTableId} of component {id} is not defined");
            components[i] = c;
            blocksPerMcu += c.H * c.V;
        }
        if (count > 1 && blocksPerMcu > 10)
            throw JpegThrow.Invalid($"interleaved scan has {blocksPerMcu} blocks per MCU (at most 10)");
        int ss = s[1 + 2 * count], se = s[2 + 2 * count], ah = s[3 + 2 * count] >> 4, al = s[3 + 2 * count] & 15;

        // A real progressive file has about 10 scans; thousands of tiny scans over a huge frame would only burn time
        // (libjpeg-turbo's TurboJPEG API caps them at 500 for the same reason).
        if (scanCount >= MaxScans)
            throw JpegThrow.Invalid($"file has more than {MaxScans} scans");
        if (scanCount++ == 0)
        {
            foreach (var c in frame.Components)
            {
                if (frame.Progressive)
                    c.AllocateCoefficients();
                else
                    c.AllocatePlane();
            }
        }
        if (!frame.Progressive)
        {
            RequireTables(components, dc: true, ac: true);
            var baseline = new BaselineBlockDecoder();
            return ScanDecoder.Decode(data, position, frame, components, restartInterval, ref baseline);
        }

        // G.1.1.1.1 / libjpeg start_pass_phuff_decoder: which progression parameters are legal.
        bool dcScan = ss == 0;
        if (dcScan ? se != 0 : ss > se || se > 63 || count != 1)
            throw JpegThrow.Invalid($"progressive scan has an invalid band Ss={ss}, Se={se} for {count} component(s)");
        if ((ah != 0 && al != ah - 1) || al > 13)
            throw JpegThrow.Invalid($"progressive scan has invalid successive approximation Ah={ah}, Al={al}");
        if (dcScan && ah == 0)
        {
            RequireTables(components, dc: true, ac: false);
            var d = new DcFirstBlockDecoder(al);
            return ScanDecoder.Decode(data, position, frame, components, restartInterval, ref d);
        }
        if (dcScan)
        {
            var d = new DcRefineBlockDecoder(al);
            return ScanDecoder.Decode(data, position, frame, components, restartInterval, ref d);
        }
        RequireTables(components, dc: false, ac: true);
        if (ah == 0)
        {
            var a = new AcFirstBlockDecoder(ss, se, al);
            return ScanDecoder.Decode(data, position, frame, components, restartInterval, ref a);
        }
        var r = new AcRefineBlockDecoder(ss, se, al);
        return ScanDecoder.Decode(data, position, frame, components, restartInterval, ref r);
    }

    private static void RequireTables(JpegComponent[] components, bool dc, bool ac)
    {
        foreach (var c in components)
        {
            if (dc && c.DcTable is null)
                throw JpegThrow.Invalid($"scan uses a DC Huffman table that is not defined (component {c.Id})");
            if (dc && c.DcTable!.MaxSymbol > 15)
                throw JpegThrow.Invalid($"DC Huffman table of component {c.Id} has a symbol above 15");
            if (ac && c.AcTable is null)
                throw JpegThrow.Invalid($"scan uses an AC Huffman table that is not defined (component {c.Id})");
        }
    }
}
