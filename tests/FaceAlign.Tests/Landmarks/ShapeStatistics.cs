using System.Numerics;

namespace FaceAlign.Tests.Landmarks;

/// <summary>
/// Test-side shape helpers written naively and independently of the library: normalising a face to its eye line
/// and a least-squares 2-D similarity fit (closed form: Umeyama 1991 restricted to 2-D, no reflection).
/// </summary>
internal static class ShapeStatistics
{
    /// <summary>Moves the eye-corner midpoint to the origin, rotates the eye line horizontal, scales it to length 1.</summary>
    public static Vector2[] EyeNormalised(Vector2[] points, int left, int right)
    {
        var mid = (points[left] + points[right]) / 2;
        var d = points[right] - points[left];
        float len = d.Length();
        float c = d.X / len, s = d.Y / len;
        return points.Select(p =>
        {
            var q = p - mid;
            return new Vector2(c * q.X + s * q.Y, -s * q.X + c * q.Y) / len;
        }).ToArray();
    }

    public static Vector2[] Mean(IEnumerable<Vector2[]> shapes)
    {
        Vector2[]? sum = null;
        int n = 0;
        foreach (var shape in shapes)
        {
            sum ??= new Vector2[shape.Length];
            for (int i = 0; i < shape.Length; i++)
                sum[i] += shape[i];
            n++;
        }
        return sum!.Select(p => p / n).ToArray();
    }

    /// <summary>The similarity transform of src that best matches dst in least squares.</summary>
    public static Vector2[] FitSimilarity(Vector2[] src, Vector2[] dst)
    {
        var cs = src.Aggregate(Vector2.Zero, (a, p) => a + p) / src.Length;
        var cd = dst.Aggregate(Vector2.Zero, (a, p) => a + p) / dst.Length;
        double num1 = 0, num2 = 0, den = 0;
        for (int i = 0; i < src.Length; i++)
        {
            var s = src[i] - cs;
            var d = dst[i] - cd;
            num1 += s.X * d.X + s.Y * d.Y;
            num2 += s.X * d.Y - s.Y * d.X;
            den += s.X * s.X + s.Y * s.Y;
        }
        float a = (float)(num1 / den), b = (float)(num2 / den);
        return src.Select(p =>
        {
            var s = p - cs;
            return new Vector2(a * s.X - b * s.Y, b * s.X + a * s.Y) + cd;
        }).ToArray();
    }
}
