// Faces held in memory for PFLD training: decoded images, their landmarks, and what the loss needs per face — the
// head pose of a 3-D mean-face fit and the attribute classes derived from it (PfldAttributes). Images are decoded once,
// in parallel, at load; a file that fails to decode stops the load with its path and reason.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Landmarks;
using FaceAlign.Models;
using FaceAlign.Training.Data;

namespace FaceAlign.Training.PfldTraining;

public sealed class PfldDataset
{
    private readonly Image[] images;

    private PfldDataset(IReadOnlyList<LandmarkSample> samples, Image[] images, EulerAngles[] poses, PfldAttributes[] attributes, LandmarkScheme scheme)
    {
        Samples = samples;
        this.images = images;
        Poses = poses;
        Attributes = attributes;
        Scheme = scheme;
    }

    public IReadOnlyList<LandmarkSample> Samples { get; }

    public int Count => Samples.Count;

    public LandmarkScheme Scheme { get; }

    /// <summary>Head pose of each face as annotated (degrees).</summary>
    public IReadOnlyList<EulerAngles> Poses { get; }

    /// <summary>Attribute classes of each face as annotated (occlusion is added later, by augmentation).</summary>
    public IReadOnlyList<PfldAttributes> Attributes { get; }

    public Image Image(int index) => images[index];

    /// <summary>Decodes every sample's image and derives pose and attributes. All samples must have the same point count.</summary>
    public static PfldDataset Load(IReadOnlyList<LandmarkSample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no training samples: the annotation files hold no faces");
        int points = samples[0].Landmarks.Length;
        var scheme = LandmarkScheme.ForPointCount(points);
        for (int i = 0; i < samples.Count; i++)
            if (samples[i].Landmarks.Length != points)
                throw new ArgumentException($"{samples[i].ImagePath}: has {samples[i].Landmarks.Length} landmarks, the other samples have {points}");

        var images = new Image[samples.Count];
        var poses = new EulerAngles[samples.Count];
        var attributes = new PfldAttributes[samples.Count];
        Parallel.For(0, samples.Count, i =>
        {
            var sample = samples[i];
            try
            {
                images[i] = FaceAlign.Imaging.Image.Load(sample.ImagePath).ToRgb();
            }
            catch (Exception e) when (e is InvalidImageException or NotSupportedException or IOException)
            {
                throw new InvalidDataException($"{sample.ImagePath}: {e.Message}", e);
            }
            (poses[i], attributes[i]) = Describe(sample.Landmarks);
        });
        return new PfldDataset(samples, images, poses, attributes, scheme);
    }

    /// <summary>Pose (from a 3-D mean-face fit in a camera framed on the face) and attribute classes of one face.</summary>
    /// <summary>
    /// The average face in crop units (x0, y0, x1, y1, ...), each face framed by its un-augmented landmark-box crop:
    /// the starting prediction of a fresh model (<see cref="Pfld.StartFromMeanShape"/>).
    /// </summary>
    public float[] MeanCropShape()
    {
        int points = Scheme.PointCount;
        var sum = new double[2 * points];
        foreach (var sample in Samples)
        {
            var crop = FaceCrop.FromLandmarkBox(Box.FromPoints(sample.Landmarks), Pfld.InputSize);
            for (int k = 0; k < points; k++)
            {
                var unit = crop.ToUnit(sample.Landmarks[k]);
                sum[2 * k] += unit.X;
                sum[2 * k + 1] += unit.Y;
            }
        }
        return sum.Select(v => (float)(v / Samples.Count)).ToArray();
    }

    public static (EulerAngles Pose, PfldAttributes Attributes) Describe(ReadOnlySpan<Vector2> landmarks)
    {
        var square = FaceCrop.FromLandmarkBox(Box.FromPoints(landmarks), Pfld.InputSize).Square;
        var camera = new PnpCamera(square.Width, square.CenterX, square.CenterY);
        var pose = HeadPoseEstimator.Estimate(landmarks, camera).Angles;
        var flags = HeadPoseAttributes.From(pose);
        var attributes = flags.Profile ? PfldAttributes.Profile : PfldAttributes.Frontal;
        if (flags.HeadUp) attributes |= PfldAttributes.HeadUp;
        if (flags.HeadDown) attributes |= PfldAttributes.HeadDown;
        ReadOnlySpan<Vector2> ibug = landmarks.Length == 98 ? LandmarkConversion.Wflw98ToIbug68(landmarks) : landmarks;
        if (ibug.Length == 68 && MouthOpening.IsOpen(ibug)) attributes |= PfldAttributes.Expression;
        return (pose, attributes);
    }
}
