using System.Numerics;

namespace FaceAlign.Landmarks;

/// <summary>
/// Converts between mark-ups: WFLW 98 → iBUG 68 by picking the corresponding points, iBUG 68 → five points by
/// averaging the eyes. Conversions that would need interpolation (68 → 98) are not offered.
/// </summary>
public static class LandmarkConversion
{
    /// <summary>
    /// iBUG point i is WFLW point Wflw98ToIbug68Indices[i] — the mapping used by the WFLW authors' evaluation and
    /// widely reused (e.g. as DLIB_68_TO_WFLW_98_IDX_MAPPING): every other jaw point, the upper brow contours, the
    /// nose as is, eye corners/lids 60,61,63,64,65,67 and 68,69,71,72,73,75 (WFLW's mid-lid points 62/66/70/74 have no
    /// 68-point twin), and the 20 mouth points in order.
    /// </summary>
    public static ReadOnlySpan<int> Wflw98ToIbug68Indices =>
    [
        0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32,
        33, 34, 35, 36, 37,
        42, 43, 44, 45, 46,
        51, 52, 53, 54, 55, 56, 57, 58, 59,
        60, 61, 63, 64, 65, 67,
        68, 69, 71, 72, 73, 75,
        76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
    ];

    public static Vector2[] Wflw98ToIbug68(ReadOnlySpan<Vector2> wflw)
    {
        if (wflw.Length != 98)
            throw new ArgumentException($"WFLW mark-up has 98 points, got {wflw.Length}", nameof(wflw));
        var map = Wflw98ToIbug68Indices;
        var ibug = new Vector2[68];
        for (int i = 0; i < ibug.Length; i++)
            ibug[i] = wflw[map[i]];
        return ibug;
    }

    /// <summary>Eye centres are the means of the six eye points; nose tip is point 30; mouth corners 48 and 54.</summary>
    public static Vector2[] Ibug68ToFive(ReadOnlySpan<Vector2> ibug)
    {
        if (ibug.Length != 68)
            throw new ArgumentException($"iBUG mark-up has 68 points, got {ibug.Length}", nameof(ibug));
        var scheme = LandmarkScheme.Ibug68;
        return [scheme.LeftEyeCentre(ibug), scheme.RightEyeCentre(ibug), ibug[30], ibug[48], ibug[54]];
    }
}
