using System.Numerics;

namespace FaceAlign.Landmarks;

/// <summary>
/// A landmark mark-up: how many points, which point each one becomes under a horizontal flip, and which points
/// define the eyes for normalisation. "Left" and "right" always mean the image's left and right (so iBUG point 36,
/// the first eye corner, is the subject's right eye's outer corner but the image-left eye's). Schemes:
/// <list type="bullet">
/// <item>iBUG 300-W 68 (Sagonas et al. 2016): 0–16 jaw, 17–26 brows, 27–35 nose, 36–47 eyes, 48–67 mouth.</item>
/// <item>WFLW 98 (Wu et al., CVPR 2018): 0–32 jaw, 33–50 brows, 51–59 nose, 60–75 eyes, 76–95 mouth, 96/97 pupils.</item>
/// <item>Five points: left eye centre, right eye centre, nose tip, left mouth corner, right mouth corner.</item>
/// </list>
/// </summary>
public sealed class LandmarkScheme
{
    private readonly int[] _flip;
    private readonly int[] _leftEye;
    private readonly int[] _rightEye;

    private LandmarkScheme(string name, int[] flip, (int Left, int Right)? outerEyeCorners, int[] leftEye, int[] rightEye)
    {
        Name = name;
        _flip = flip;
        OuterEyeCorners = outerEyeCorners;
        _leftEye = leftEye;
        _rightEye = rightEye;
    }

    /// <summary>
    /// iBUG 300-W 68 points. Mirror pairs as in the 300-W mark-up (also mmpose's 300w.py "swap" table): jaw i↔16−i,
    /// brows 17+i↔26−i, nose wings 31↔35, 32↔34, eyes 36↔45, 37↔44, 38↔43, 39↔42, 40↔47, 41↔46, outer lips
    /// 48↔54, 49↔53, 50↔52, 55↔59, 56↔58, inner lips 60↔64, 61↔63, 65↔67; the midline 8, 27–30, 33, 51, 57, 62, 66 stays.
    /// </summary>
    public static LandmarkScheme Ibug68 { get; } = new(
        "ibug68",
        Permutation(68,
            (0, 16), (1, 15), (2, 14), (3, 13), (4, 12), (5, 11), (6, 10), (7, 9),
            (17, 26), (18, 25), (19, 24), (20, 23), (21, 22),
            (31, 35), (32, 34),
            (36, 45), (37, 44), (38, 43), (39, 42), (40, 47), (41, 46),
            (48, 54), (49, 53), (50, 52), (55, 59), (56, 58),
            (60, 64), (61, 63), (65, 67)),
        (36, 45),
        [36, 37, 38, 39, 40, 41],
        [42, 43, 44, 45, 46, 47]);

    /// <summary>
    /// WFLW 98 points. Mirror pairs from the WFLW mark-up (mmpose wflw.py "swap" table): jaw i↔32−i, upper brows
    /// 33+i↔46−i, lower brows 38↔50, 39↔49, 40↔48, 41↔47, nose 55↔59, 56↔58, eyes 60↔72, 61↔71, 62↔70, 63↔69,
    /// 64↔68, 65↔75, 66↔74, 67↔73, mouth 76↔82, 77↔81, 78↔80, 83↔87, 84↔86, 88↔92, 89↔91, 93↔95, pupils 96↔97.
    /// </summary>
    public static LandmarkScheme Wflw98 { get; } = new(
        "wflw98",
        Permutation(98,
            (0, 32), (1, 31), (2, 30), (3, 29), (4, 28), (5, 27), (6, 26), (7, 25), (8, 24), (9, 23), (10, 22),
            (11, 21), (12, 20), (13, 19), (14, 18), (15, 17),
            (33, 46), (34, 45), (35, 44), (36, 43), (37, 42), (38, 50), (39, 49), (40, 48), (41, 47),
            (55, 59), (56, 58),
            (60, 72), (61, 71), (62, 70), (63, 69), (64, 68), (65, 75), (66, 74), (67, 73),
            (76, 82), (77, 81), (78, 80), (83, 87), (84, 86), (88, 92), (89, 91), (93, 95),
            (96, 97)),
        (60, 72),
        [96],
        [97]);

    /// <summary>Five points; has no eye corners, so inter-ocular normalisation falls back to the eye centres.</summary>
    public static LandmarkScheme Five { get; } = new("five", Permutation(5, (0, 1), (3, 4)), null, [0], [1]);

    public string Name { get; }

    public int PointCount => _flip.Length;

    /// <summary>Point i of a mirrored face is point FlipPermutation[i] of the original (an involution).</summary>
    public ReadOnlySpan<int> FlipPermutation => _flip;

    /// <summary>Outer corners of the image-left and image-right eyes (the inter-ocular normaliser), if the scheme has them.</summary>
    public (int Left, int Right)? OuterEyeCorners { get; }

    /// <summary>Points averaged for the image-left eye's centre (a single pupil point where the scheme has one).</summary>
    public ReadOnlySpan<int> LeftEyePoints => _leftEye;

    public ReadOnlySpan<int> RightEyePoints => _rightEye;

    public static LandmarkScheme ForPointCount(int count) => count switch
    {
        68 => Ibug68,
        98 => Wflw98,
        5 => Five,
        _ => throw new NotSupportedException($"no landmark scheme with {count} points (supported: 68, 98, 5)"),
    };

    public Vector2 LeftEyeCentre(ReadOnlySpan<Vector2> points) => Mean(Check(points), _leftEye);

    public Vector2 RightEyeCentre(ReadOnlySpan<Vector2> points) => Mean(Check(points), _rightEye);

    /// <summary>
    /// Mirrors the points across the vertical line x = imageWidth / 2 (x' = imageWidth − x, since coordinates have
    /// their origin at the top-left pixel's corner) and renumbers them so each keeps its anatomical meaning.
    /// </summary>
    public Vector2[] Flip(ReadOnlySpan<Vector2> points, float imageWidth)
    {
        Check(points);
        var flipped = new Vector2[points.Length];
        for (int i = 0; i < flipped.Length; i++)
        {
            var p = points[_flip[i]];
            flipped[i] = new Vector2(imageWidth - p.X, p.Y);
        }
        return flipped;
    }

    public override string ToString() => Name;

    private ReadOnlySpan<Vector2> Check(ReadOnlySpan<Vector2> points) =>
        points.Length == PointCount
            ? points
            : throw new ArgumentException($"{Name} expects {PointCount} points, got {points.Length}", nameof(points));

    private static Vector2 Mean(ReadOnlySpan<Vector2> points, int[] indices)
    {
        var sum = Vector2.Zero;
        foreach (int i in indices)
            sum += points[i];
        return sum / indices.Length;
    }

    private static int[] Permutation(int count, params (int A, int B)[] pairs)
    {
        var map = new int[count];
        for (int i = 0; i < count; i++)
            map[i] = i;
        foreach (var (a, b) in pairs)
        {
            map[a] = b;
            map[b] = a;
        }
        return map;
    }
}
