namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Walks the MCUs of one scan (T.81 A.2): interleaved scans visit H×V blocks of each component per MCU, a
/// single-component scan visits that component's blocks one by one. Handles restart intervals (F.2.1.3.1 / G.1.2)
/// and stops with an error when the entropy-coded data ends before the last MCU.
/// </summary>
internal static class ScanDecoder
{
    /// <returns>The offset where the entropy-coded segment's bytes stop being read.</returns>
    public static int Decode<T>(ReadOnlySpan<byte> data, int position, JpegFrame frame, JpegComponent[] components,
        int restartInterval, ref T decoder) where T : struct, IBlockDecoder
    {
        var reader = new JpegBitReader(data, position);
        foreach (var c in components)
            c.DcPredictor = 0;

        int mcusPerLine, mcuCount;
        if (components.Length == 1)
        {
            mcusPerLine = components[0].BlocksPerLine;
            mcuCount = mcusPerLine * components[0].BlocksPerColumn;
        }
        else
        {
            mcusPerLine = frame.McusPerLine;
            mcuCount = frame.McusPerLine * frame.McusPerColumn;
        }

        int untilRestart = restartInterval;
        for (int mcu = 0; mcu < mcuCount; mcu++)
        {
            if (restartInterval > 0)
            {
                if (untilRestart == 0)
                {
                    reader.Restart();
                    foreach (var c in components)
                        c.DcPredictor = 0;
                    decoder.Restart();
                    untilRestart = restartInterval;
                }
                untilRestart--;
            }

            int mcuRow = mcu / mcusPerLine, mcuColumn = mcu - mcuRow * mcusPerLine;
            if (components.Length == 1)
            {
                var c = components[0];
                decoder.DecodeBlock(ref reader, c, mcuRow, mcuColumn);
            }
            else
            {
                foreach (var c in components)
                {
                    for (int v = 0; v < c.V; v++)
                    {
                        for (int h = 0; h < c.H; h++)
                            decoder.DecodeBlock(ref reader, c, mcuRow * c.V + v, mcuColumn * c.H + h);
                    }
                }
            }
            if (reader.Overrun)
                throw JpegThrow.EndsEarly($"entropy-coded data stops in MCU {mcu} of {mcuCount}");
        }
        return reader.Position;
    }
}
