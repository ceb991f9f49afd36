namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// Decodes one 8×8 block's share of a scan (all of it for sequential scans; one band or bit plane for progressive).
/// Implemented by structs so <see cref="ScanDecoder"/> is specialised and inlined per kind of scan.
/// </summary>
internal interface IBlockDecoder
{
    /// <param name="block">The block's 64 quantised coefficients in natural order, updated in place.</param>
    void DecodeBlock(ref JpegBitReader reader, JpegComponent component, Span<short> block);

    /// <summary>Resets scan state (end-of-band runs) at a restart marker; DC predictors are reset by the caller.</summary>
    void Restart();
}
