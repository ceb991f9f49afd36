// One analysed face: the detector's box, score and five points, the landmark model's points, head pose and quality
// hints, all in the pixel coordinates of the image that was analysed (origin at the top-left pixel's corner).
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Landmarks;

namespace FaceAlign.Pipeline;

public sealed class Face
{
    public Face(Box box, float score, Vector2[] landmarks5, Vector2[]? landmarks = null, Box? landmarkBox = null,
        EulerAngles? pose = null, FaceQuality quality = default)
    {
        ArgumentNullException.ThrowIfNull(landmarks5);
        Box = box;
        Score = score;
        Landmarks5 = landmarks5;
        Landmarks = landmarks;
        LandmarkBox = landmarkBox;
        Pose = pose;
        Quality = quality;
    }

    /// <summary>The detector's face box.</summary>
    public Box Box { get; }

    /// <summary>The detector's confidence (for RetinaFace a probability in 0–1).</summary>
    public float Score { get; }

    /// <summary>
    /// The detector's five points in RetinaFace order: eye, eye, nose tip, mouth corner, mouth corner, each pair
    /// image-left first. Empty when the detector gives none.
    /// </summary>
    public Vector2[] Landmarks5 { get; }

    /// <summary>The landmark model's points (68 in iBUG order for the default model); null when not computed.</summary>
    public Vector2[]? Landmarks { get; }

    /// <summary>The landmark box (300-W convention) the landmark model's crop was framed on; null without landmarks.</summary>
    public Box? LandmarkBox { get; }

    /// <summary>Head pose in degrees (see <see cref="EulerAngles"/> for axes and signs); null when not computed or when the landmarks fit no pose.</summary>
    public EulerAngles? Pose { get; }

    public FaceQuality Quality { get; }

    /// <summary>
    /// The five points <see cref="AlignedCrop"/> aligns: derived from <see cref="Landmarks"/> when there are 68 or 98
    /// (eye centres, nose tip, mouth corners — more precise than a detector's points), else <see cref="Landmarks5"/>.
    /// </summary>
    public Vector2[] AlignmentPoints => FivePointsOf(Landmarks) ?? Landmarks5;

    /// <summary>The similarity that maps image pixels onto the <see cref="ArcFaceTemplate"/> for a size×size crop (Umeyama fit).</summary>
    public SimilarityTransform AlignmentTransform(int size = ArcFaceTemplate.Size)
    {
        var points = AlignmentPoints;
        if (points.Length != 5)
            throw new InvalidOperationException($"face alignment needs five points; this face has {points.Length} and no 68- or 98-point landmarks");
        return Umeyama.Fit(points, ArcFaceTemplate.For(size));
    }

    /// <summary>
    /// A size×size crop of <paramref name="source"/> (the image this face was found in) warped so the eyes, nose and
    /// mouth sit on the ArcFace template — the input face-recognition models expect. Bilinear sampling, black outside
    /// the image, same pixel format as the source. For crops much smaller than the face, resize the image first.
    /// </summary>
    public Image AlignedCrop(Image source, int size = ArcFaceTemplate.Size)
    {
        ArgumentNullException.ThrowIfNull(source);
        return AffineWarp.Apply(source, AlignmentTransform(size).ToAffine(), size, size, Border.Constant(0));
    }

    public override string ToString() =>
        $"face {Box} score {Score:F2}{(Landmarks is null ? "" : $", {Landmarks.Length} landmarks")}{(Pose is { } p ? $", {p}" : "")}";

    internal static Vector2[]? FivePointsOf(Vector2[]? landmarks) => landmarks?.Length switch
    {
        68 => LandmarkConversion.Ibug68ToFive(landmarks),
        98 => LandmarkConversion.Ibug68ToFive(LandmarkConversion.Wflw98ToIbug68(landmarks)),
        _ => null,
    };
}
