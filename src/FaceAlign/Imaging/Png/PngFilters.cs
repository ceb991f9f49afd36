using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// Scanline filters of PNG filter method 0 (spec §9.2–9.4): the forward direction for the encoder and the
/// reverse (reconstruction) for the decoder. Byte arithmetic is modulo 256. "bpp" is the byte distance to the
/// corresponding byte of the pixel to the left (≥ 1); bytes left of the row and the prior row of the first
/// scanline count as zero. The *Naive methods are the spec's formulas byte by byte — the oracle for the
/// vector paths in PngFilters.Vector128.cs and the fallback for pixel sizes they do not cover.
/// </summary>
internal static partial class PngFilters
{
    /// <summary>Reconstructs <paramref name="row"/> in place given the already reconstructed <paramref name="prior"/> row.</summary>
    public static void Unfilter(PngFilterType type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        // Whole pixels only, as every real scanline is for these pixel sizes; anything else takes the naive path.
        bool vector = Vector128.IsHardwareAccelerated && bpp is 1 or 2 or 3 or 4 or 6 or 8 && row.Length % bpp == 0;
        switch (type)
        {
            case PngFilterType.None:
                break;
            case PngFilterType.Up:
                UnfilterUp(row, prior);
                break;
            case PngFilterType.Sub or PngFilterType.Average or PngFilterType.Paeth when vector:
                UnfilterPixelwise(type, row, prior, bpp);
                break;
            default:
                UnfilterNaive(type, row, prior, bpp);
                break;
        }
    }

    public static void UnfilterNaive(PngFilterType type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        switch (type)
        {
            case PngFilterType.None:
                break;
            case PngFilterType.Sub:
                for (int i = bpp; i < row.Length; i++)
                    row[i] += row[i - bpp];
                break;
            case PngFilterType.Up:
                for (int i = 0; i < row.Length; i++)
                    row[i] += prior[i];
                break;
            case PngFilterType.Average:
                for (int i = 0; i < bpp && i < row.Length; i++)
                    row[i] += (byte)(prior[i] >> 1);
                for (int i = bpp; i < row.Length; i++)
                    row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                break;
            case PngFilterType.Paeth:
                for (int i = 0; i < bpp && i < row.Length; i++)
                    row[i] += prior[i]; // left and upper-left are zero, so the predictor is always "above"
                for (int i = bpp; i < row.Length; i++)
                    row[i] += PaethPredictor(row[i - bpp], prior[i], prior[i - bpp]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter type must be 0–4");
        }
    }

    /// <summary>Writes the filtered bytes of <paramref name="row"/> into <paramref name="filtered"/> (same length).</summary>
    public static void Filter(PngFilterType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> filtered)
    {
        if (Vector128.IsHardwareAccelerated && type != PngFilterType.None)
            FilterVector(type, row, prior, bpp, filtered);
        else
            FilterNaive(type, row, prior, bpp, filtered);
    }

    public static void FilterNaive(PngFilterType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> filtered)
    {
        switch (type)
        {
            case PngFilterType.None:
                row.CopyTo(filtered);
                break;
            case PngFilterType.Sub:
                for (int i = 0; i < row.Length; i++)
                    filtered[i] = (byte)(row[i] - (i >= bpp ? row[i - bpp] : 0));
                break;
            case PngFilterType.Up:
                for (int i = 0; i < row.Length; i++)
                    filtered[i] = (byte)(row[i] - prior[i]);
                break;
            case PngFilterType.Average:
                for (int i = 0; i < row.Length; i++)
                    filtered[i] = (byte)(row[i] - (((i >= bpp ? row[i - bpp] : 0) + prior[i]) >> 1));
                break;
            case PngFilterType.Paeth:
                for (int i = 0; i < row.Length; i++)
                {
                    byte left = i >= bpp ? row[i - bpp] : (byte)0;
                    byte upperLeft = i >= bpp ? prior[i - bpp] : (byte)0;
                    filtered[i] = (byte)(row[i] - PaethPredictor(left, prior[i], upperLeft));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter type must be 0–4");
        }
    }

    /// <summary>
    /// libpng's adaptive-filter heuristic ("minimum sum of absolute differences", spec §12.8): each filtered byte
    /// read as signed, |b| summed. Smaller sums tend to deflate better.
    /// </summary>
    public static long FilterCost(ReadOnlySpan<byte> filtered) =>
        Vector128.IsHardwareAccelerated ? FilterCostVector(filtered) : FilterCostNaive(filtered);

    public static long FilterCostNaive(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
            sum += b < 128 ? b : 256 - b;
        return sum;
    }

    /// <summary>§9.4: the neighbour (left a, above b, upper-left c) closest to a + b − c; ties prefer a, then b.</summary>
    public static byte PaethPredictor(byte a, byte b, byte c)
    {
        int pa = Math.Abs(b - c);
        int pb = Math.Abs(a - c);
        int pc = Math.Abs(a + b - 2 * c);
        if (pa <= pb && pa <= pc)
            return a;
        return pb <= pc ? b : c;
    }
}
