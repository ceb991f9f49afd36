namespace FaceAlign.Imaging.Jpeg;

/// <summary>
/// One image component of a frame (T.81 B.2.2): its sampling factors, its size in samples and blocks, and the DCT
/// coefficients decoded for it so far. Lives for one decode call only.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int horizontalFactor, int verticalFactor, int quantTableId)
    {
        Id = id;
        H = horizontalFactor;
        V = verticalFactor;
        QuantTableId = quantTableId;
    }

    /// <summary>Component identifier Ci as written in the file; scans select components by it.</summary>
    public int Id { get; }

    public int H { get; }
    public int V { get; }
    public int QuantTableId { get; }

    /// <summary>Samples per line and lines of this component: ceil(X·H/Hmax), ceil(Y·V/Vmax) (T.81 A.1.1).</summary>
    public int Width { get; private set; }
    public int Height { get; private set; }

    /// <summary>Blocks that hold real samples: ceil(Width/8) × ceil(Height/8). Non-interleaved scans cover only these.</summary>
    public int BlocksPerLine { get; private set; }
    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks allocated: whole MCUs of interleaved scans (mcusPerLine·H × mcusPerColumn·V).</summary>
    public int StoredBlocksPerLine { get; private set; }
    public int StoredBlocksPerColumn { get; private set; }

    /// <summary>Coefficients (StoredBlocksPerColumn, StoredBlocksPerLine, 64) in natural (row-major) order, quantised.</summary>
    public short[] Coefficients { get; private set; } = [];

    /// <summary>
    /// Samples after the inverse DCT: (StoredBlocksPerColumn·8, <see cref="PlaneStride"/>). Sequential scans write it
    /// block by block as they decode; progressive frames fill it from <see cref="Coefficients"/> after the last scan.
    /// </summary>
    public byte[] Plane { get; private set; } = [];

    public int PlaneStride => StoredBlocksPerLine * 8;

    /// <summary>The 8×8 samples of the block at (row, column), rows <see cref="PlaneStride"/> apart.</summary>
    public Span<byte> PlaneBlock(int row, int column) => Plane.AsSpan(row * 8 * PlaneStride + column * 8);

    // Every sample that is read later is written first: a scan covers all blocks of its components or throws.
    public void AllocatePlane() =>
        Plane = GC.AllocateUninitializedArray<byte>(checked(PlaneStride * StoredBlocksPerColumn * 8));

    /// <summary>The quantisation table latched when the component first appears in a scan (as libjpeg does).</summary>
    public ushort[]? Quant { get; set; }

    // Per-scan entropy state.
    public HuffmanTable? DcTable { get; set; }
    public HuffmanTable? AcTable { get; set; }
    public int DcPredictor { get; set; }

    public void SetGeometry(int frameWidth, int frameHeight, int hMax, int vMax, int mcusPerLine, int mcusPerColumn)
    {
        Width = (int)(((long)frameWidth * H + hMax - 1) / hMax);
        Height = (int)(((long)frameHeight * V + vMax - 1) / vMax);
        BlocksPerLine = (Width + 7) / 8;
        BlocksPerColumn = (Height + 7) / 8;
        StoredBlocksPerLine = mcusPerLine * H;
        StoredBlocksPerColumn = mcusPerColumn * V;
    }

    public void AllocateCoefficients() =>
        Coefficients = new short[(long)StoredBlocksPerLine * StoredBlocksPerColumn * 64];

    /// <summary>The 64 coefficients of the block at (row, column) in block units.</summary>
    public Span<short> Block(int row, int column) =>
        Coefficients.AsSpan((row * StoredBlocksPerLine + column) * 64, 64);
}
