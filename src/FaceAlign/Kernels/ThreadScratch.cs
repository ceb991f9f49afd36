using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaceAlign.Kernels;

/// <summary>
/// Per-thread, pinned, 64-byte-aligned float scratch for kernels (packed GEMM panels, padded depthwise planes).
/// Grows on demand and is then reused, so a kernel allocates nothing per call after warm-up.
/// Each slot is owned by one kernel stage; a pointer stays valid until the same slot is requested again on that thread.
/// </summary>
internal static unsafe class ThreadScratch
{
    public enum Slot
    {
        GemmA,
        GemmB,
        Plane0,
        Plane1,
        Plane2,
    }

    private const int SlotCount = 5;
    private const int AlignFloats = 16; // 64 bytes: a cache line, and a Vector512.

    [ThreadStatic] private static float[]?[]? arrays;

    /// <summary>An aligned buffer of at least <paramref name="length"/> floats; contents are unspecified.</summary>
    public static float* Get(Slot slot, int length)
    {
        var set = arrays ??= new float[SlotCount][];
        var array = set[(int)slot];
        if (array is null || array.Length < length + AlignFloats)
        {
            // Grow geometrically so a sequence of slightly larger requests does not reallocate each time.
            int size = Math.Max(length + AlignFloats, (int)Math.Min(int.MaxValue / 2, (array?.Length ?? 0) * 3L / 2));
            array = GC.AllocateUninitializedArray<float>(size, pinned: true);
            set[(int)slot] = array;
        }
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((start + 63) & ~(nint)63);
    }
}
