using System.Numerics;
using FaceAlign.Landmarks;

namespace FaceAlign.Training.Evaluation;

/// <summary>
/// Normalised mean error of one face: NME = (1/N) Σᵢ ‖pᵢ − gᵢ‖ / d, with d from <see cref="NmeNormalisation"/>
/// computed on the ground truth g (Sagonas et al., 300-W, IVC 2016; Wu et al., WFLW, CVPR 2018).
/// </summary>
public static class Nme
{
    public static float Compute(ReadOnlySpan<Vector2> predicted, ReadOnlySpan<Vector2> truth, LandmarkScheme scheme, NmeNormalisation by)
    {
        Span<float> errors = predicted.Length <= 256 ? stackalloc float[predicted.Length] : new float[predicted.Length];
        PerLandmark(predicted, truth, scheme, by, errors);
        float sum = 0;
        foreach (float e in errors)
            sum += e;
        return sum / errors.Length;
    }

    /// <summary>Each landmark's error ‖pᵢ − gᵢ‖ / d.</summary>
    public static void PerLandmark(ReadOnlySpan<Vector2> predicted, ReadOnlySpan<Vector2> truth, LandmarkScheme scheme, NmeNormalisation by, Span<float> errors)
    {
        if (predicted.Length != truth.Length || truth.Length != scheme.PointCount || errors.Length != truth.Length)
            throw new ArgumentException($"{scheme} NME needs {scheme.PointCount} predicted points, truth points and error slots; got {predicted.Length}, {truth.Length}, {errors.Length}");
        float d = Normaliser(truth, scheme, by);
        for (int i = 0; i < truth.Length; i++)
            errors[i] = Vector2.Distance(predicted[i], truth[i]) / d;
    }

    public static float Normaliser(ReadOnlySpan<Vector2> truth, LandmarkScheme scheme, NmeNormalisation by)
    {
        float d = by switch
        {
            NmeNormalisation.InterOcular when scheme.OuterEyeCorners is var (left, right) => Vector2.Distance(truth[left], truth[right]),
            NmeNormalisation.InterOcular or NmeNormalisation.InterPupil => Vector2.Distance(scheme.LeftEyeCentre(truth), scheme.RightEyeCentre(truth)),
            NmeNormalisation.BoxSize => BoxSize(truth, diagonal: false),
            NmeNormalisation.BoxDiagonal => BoxSize(truth, diagonal: true),
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };
        if (!(d > 0) || !float.IsFinite(d))
            throw new ArgumentException($"{by} normaliser of the ground truth is {d}; NME is undefined");
        return d;
    }

    private static float BoxSize(ReadOnlySpan<Vector2> points, bool diagonal)
    {
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (var p in points)
        {
            min = Vector2.Min(min, p);
            max = Vector2.Max(max, p);
        }
        var size = max - min;
        return diagonal ? size.Length() : MathF.Sqrt(size.X * size.Y);
    }
}
