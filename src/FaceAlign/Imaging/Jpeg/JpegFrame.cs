namespace FaceAlign.Imaging.Jpeg;

/// <summary>The frame header (SOFn, T.81 B.2.2) and what follows from it: MCU grid and maximum sampling factors.</summary>
internal sealed class JpegFrame
{
    public JpegFrame(byte marker, int width, int height, JpegComponent[] components)
    {
        Marker = marker;
        Width = width;
        Height = height;
        Components = components;
        foreach (var c in components)
        {
            HMax = Math.Max(HMax, c.H);
            VMax = Math.Max(VMax, c.V);
        }
        McusPerLine = (width + 8 * HMax - 1) / (8 * HMax);
        McusPerColumn = (height + 8 * VMax - 1) / (8 * VMax);
        foreach (var c in components)
            c.SetGeometry(width, height, HMax, VMax, McusPerLine, McusPerColumn);
    }

    /// <summary>SOF0 baseline, SOF1 extended sequential or SOF2 progressive (others are refused while parsing).</summary>
    public byte Marker { get; }

    public bool Progressive => Marker == JpegMarker.Sof2;

    public int Width { get; }
    public int Height { get; }
    public JpegComponent[] Components { get; }
    public int HMax { get; }
    public int VMax { get; }
    public int McusPerLine { get; }
    public int McusPerColumn { get; }

    public JpegComponent? FindComponent(int id) => Array.Find(Components, c => c.Id == id);
}
