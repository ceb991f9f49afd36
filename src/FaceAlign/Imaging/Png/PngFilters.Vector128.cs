using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaceAlign.Imaging.Png;

/// <summary>
/// Vector reconstruction. Up has no dependency along the row and runs 32 or 16 bytes at a time. Sub, Average and
/// Paeth depend on the pixel just reconstructed, so — as libpng's SSE2 filters do — they work one whole pixel
/// (1, 2, 3, 4, 6 or 8 bytes) per step with every byte of it in one vector, instead of one byte per step. Each is generic
/// over a pixel-size struct so the JIT compiles one loop per size with exact-width loads and stores (a 3-byte pixel
/// never touches its neighbour). Rows passed here hold whole pixels (length a multiple of bpp).
/// </summary>
internal static partial class PngFilters
{
    private static void UnfilterUp(Span<byte> row, ReadOnlySpan<byte> prior)
    {
        prior = prior[..row.Length];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        int n = row.Length;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
                (Vector256.LoadUnsafe(ref r, (nuint)i) + Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
                (Vector128.LoadUnsafe(ref r, (nuint)i) + Vector128.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < n; i++)
            row[i] += prior[i];
    }

    private static void UnfilterPixelwise(PngFilterType type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        switch (bpp)
        {
            case 1: UnfilterPixelwise<Pixel1>(type, row, prior); break;
            case 2: UnfilterPixelwise<Pixel2>(type, row, prior); break;
            case 3: UnfilterPixelwise<Pixel3>(type, row, prior); break;
            case 4: UnfilterPixelwise<Pixel4>(type, row, prior); break;
            case 6: UnfilterPixelwise<Pixel6>(type, row, prior); break;
            default: UnfilterPixelwise<Pixel8>(type, row, prior); break;
        }
    }

    private static void UnfilterPixelwise<TPixel>(PngFilterType type, Span<byte> row, ReadOnlySpan<byte> prior)
        where TPixel : struct, IPixelBytes
    {
        prior = prior[..row.Length];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        int n = row.Length;
        switch (type)
        {
            case PngFilterType.Sub:
                {
                    var left = Vector128<byte>.Zero;
                    for (int i = 0; i < n; i += TPixel.Size)
                    {
                        left += TPixel.Load(ref Unsafe.Add(ref r, i));
                        TPixel.Store(ref Unsafe.Add(ref r, i), left);
                    }
                    break;
                }
            case PngFilterType.Average:
                {
                    var left = Vector128<byte>.Zero;
                    for (int i = 0; i < n; i += TPixel.Size)
                    {
                        var above = TPixel.Load(ref Unsafe.Add(ref p, i));
                        // floor((a + b) / 2) without widening: the shared bits plus half the differing ones.
                        left = TPixel.Load(ref Unsafe.Add(ref r, i)) + (left & above) + Vector128.ShiftRightLogical(left ^ above, 1);
                        TPixel.Store(ref Unsafe.Add(ref r, i), left);
                    }
                    break;
                }
            default:
                {
                    // Paeth in 16-bit lanes so a + b − 2c cannot wrap, arranged to keep the step-to-step dependency short.
                    // With d = a − c and e = b − c the predictor is c + d (choose a), c + e (choose b) or c, and the
                    // distances are pa = |e|, pb = |d|, pc = |d + e|. Only d depends on the pixel just made; e, pa and
                    // x + c come from the prior row and the input alone.
                    var a = Vector128<short>.Zero;
                    var c = Vector128<short>.Zero;
                    var lowByte = Vector128.Create((short)0xFF);
                    for (int i = 0; i < n; i += TPixel.Size)
                    {
                        var b = Vector128.WidenLower(TPixel.Load(ref Unsafe.Add(ref p, i))).AsInt16();
                        var xPlusC = Vector128.WidenLower(TPixel.Load(ref Unsafe.Add(ref r, i))).AsInt16() + c;
                        var e = b - c;
                        var pa = Vector128.Abs(e);
                        var d = a - c;
                        var pb = Vector128.Abs(d);
                        var pc = Vector128.Abs(d + e);
                        var notA = Vector128.GreaterThan(pa, Vector128.Min(pb, pc));   // a loses unless pa ≤ pb and pa ≤ pc
                        var bOrC = Vector128.AndNot(e, Vector128.GreaterThan(pb, pc)); // e if pb ≤ pc (choose b), else 0 (c)
                        a = (xPlusC + Vector128.ConditionalSelect(notA, bOrC, d)) & lowByte;
                        c = b;
                        TPixel.Store(ref Unsafe.Add(ref r, i), Vector128.Narrow(a.AsUInt16(), a.AsUInt16()));
                    }
                    break;
                }
        }
    }

    // Forward filtering has no dependency along the row: 16 bytes per step, any bpp. The first bpp bytes (no left
    // neighbour) go through the naive formula.
    private static void FilterVector(PngFilterType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> filtered)
    {
        int n = row.Length;
        prior = prior[..n];
        filtered = filtered[..n];
        int head = Math.Min(bpp, n);
        FilterNaive(type, row[..head], prior[..head], bpp, filtered[..head]);
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        ref byte f = ref MemoryMarshal.GetReference(filtered);
        int i = head;
        for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
        {
            var x = Vector128.LoadUnsafe(ref r, (nuint)i);
            var a = Vector128.LoadUnsafe(ref r, (nuint)(i - bpp));
            var b = Vector128.LoadUnsafe(ref p, (nuint)i);
            var result = type switch
            {
                PngFilterType.Sub => x - a,
                PngFilterType.Up => x - b,
                PngFilterType.Average => x - ((a & b) + Vector128.ShiftRightLogical(a ^ b, 1)),
                _ => x - PaethPredictor(a, b, Vector128.LoadUnsafe(ref p, (nuint)(i - bpp))),
            };
            result.StoreUnsafe(ref f, (nuint)i);
        }
        for (; i < n; i++)
        {
            byte a = row[i - bpp], b = prior[i], c = prior[i - bpp];
            filtered[i] = (byte)(row[i] - type switch
            {
                PngFilterType.Sub => a,
                PngFilterType.Up => b,
                PngFilterType.Average => (a + b) >> 1,
                _ => PaethPredictor(a, b, c),
            });
        }
    }

    private static Vector128<byte> PaethPredictor(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        var (aLo, aHi) = Vector128.Widen(a);
        var (bLo, bHi) = Vector128.Widen(b);
        var (cLo, cHi) = Vector128.Widen(c);
        return Vector128.Narrow(PaethPredictor(aLo.AsInt16(), bLo.AsInt16(), cLo.AsInt16()).AsUInt16(),
            PaethPredictor(aHi.AsInt16(), bHi.AsInt16(), cHi.AsInt16()).AsUInt16());
    }

    private static Vector128<short> PaethPredictor(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        var pa = Vector128.Abs(b - c);
        var pb = Vector128.Abs(a - c);
        var pc = Vector128.Abs(a + b - c - c);
        var predictor = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(pb, pc), b, c);
        return Vector128.ConditionalSelect(Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc), a, predictor);
    }

    private static long FilterCostVector(ReadOnlySpan<byte> filtered)
    {
        ref byte f = ref MemoryMarshal.GetReference(filtered);
        long sum = 0;
        int i = 0;
        while (i + Vector128<byte>.Count <= filtered.Length)
        {
            // |(sbyte)b| is at most 128, so 16-bit lanes take 2 × 128 of them per step for 255 steps without overflow.
            var lanes = Vector128<ushort>.Zero;
            for (int steps = 0; steps < 255 && i + Vector128<byte>.Count <= filtered.Length; steps++, i += Vector128<byte>.Count)
            {
                var magnitude = Vector128.Abs(Vector128.LoadUnsafe(ref f, (nuint)i).AsSByte()).AsByte(); // −128 → 0x80 = 128
                var (lo, hi) = Vector128.Widen(magnitude);
                lanes += lo + hi;
            }
            var (wideLo, wideHi) = Vector128.Widen(lanes);
            sum += Vector128.Sum(wideLo + wideHi);
        }
        return sum + FilterCostNaive(filtered[i..]);
    }

    /// <summary>Loads and stores exactly one pixel's bytes into the low lanes of a vector.</summary>
    private interface IPixelBytes
    {
        static abstract int Size { get; }
        static abstract Vector128<byte> Load(ref byte at);
        static abstract void Store(ref byte at, Vector128<byte> pixel);
    }

    private readonly struct Pixel1 : IPixelBytes
    {
        public static int Size => 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) => Vector128.CreateScalar(at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel) => at = pixel.ToScalar();
    }

    private readonly struct Pixel2 : IPixelBytes
    {
        public static int Size => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ushort>(ref at)).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel) => Unsafe.WriteUnaligned(ref at, pixel.AsUInt16().ToScalar());
    }

    private readonly struct Pixel3 : IPixelBytes
    {
        public static int Size => 3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) =>
            Vector128.CreateScalar(Unsafe.ReadUnaligned<ushort>(ref at) | (uint)Unsafe.Add(ref at, 2) << 16).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel)
        {
            uint bytes = pixel.AsUInt32().ToScalar();
            Unsafe.WriteUnaligned(ref at, (ushort)bytes);
            Unsafe.Add(ref at, 2) = (byte)(bytes >> 16);
        }
    }

    private readonly struct Pixel4 : IPixelBytes
    {
        public static int Size => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref at)).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel) => Unsafe.WriteUnaligned(ref at, pixel.AsUInt32().ToScalar());
    }

    private readonly struct Pixel6 : IPixelBytes
    {
        public static int Size => 6;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) =>
            Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref at) | (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref at, 4)) << 32).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel)
        {
            ulong bytes = pixel.AsUInt64().ToScalar();
            Unsafe.WriteUnaligned(ref at, (uint)bytes);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, 4), (ushort)(bytes >> 32));
        }
    }

    private readonly struct Pixel8 : IPixelBytes
    {
        public static int Size => 8;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<byte> Load(ref byte at) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref at)).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte at, Vector128<byte> pixel) => Unsafe.WriteUnaligned(ref at, pixel.AsUInt64().ToScalar());
    }
}
