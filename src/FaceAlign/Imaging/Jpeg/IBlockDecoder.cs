namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Decodes one 8×8 block's share of a scan (all of it for sequential scans; one band or bit plane for progressive).
/// Implemented by structs so <see cref="ScanDecoder"/> is specialised and inlined per kind of scan.
/// </summary>
internal interface IBlockDecoder
{
    /// <summary>Decodes the block at (row, column) of the component, in block units.</summary>
    void DecodeBlock(ref JpegBitReader reader, JpegComponent component, int row, int column);

    /// <summary>Resets scan state (end-of-band runs) at a restart marker; DC predictors are reset by the caller.</summary>
    void Restart();
}
