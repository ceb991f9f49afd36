// Maps a face detector's box to the landmark box (300-W convention: the tight box around the 68 points) that
// PfldLandmarker frames its crop with. Detectors trained on WIDER FACE box the forehead and cheeks; the landmark box
// runs from the brows to the chin, so the two differ by a shift and a scale that this mapping learns from pairs.
using FaceAlign.Geometry;

namespace FaceAlign.Pipeline;

/// <summary>
/// The landmark box's centre offset and size as linear functions of the detector box's width w and height h:
/// <code>
/// cx' = cx + CxW·w + CxH·h        w' = WW·w + WH·h
/// cy' = cy + CyW·w + CyH·h        h' = HW·w + HH·h
/// </code>
/// No constant terms, on purpose: the map then commutes with moving and scaling the image, so one fit serves faces
/// of every size and position (a pixel offset would be right for one face size only). <see cref="Fit"/> finds the
/// eight coefficients by least squares from (detector box, landmark box) pairs.
/// </summary>
public readonly record struct DetectorToLandmarkBox(
    double CxW, double CxH, double CyW, double CyH,
    double WW, double WH, double HW, double HH)
{
    /// <summary>The identity: the landmark box is the detector box.</summary>
    public static DetectorToLandmarkBox Identity { get; } = new(0, 0, 0, 0, 1, 0, 0, 1);

    /// <summary>
    /// A prior for RetinaFace-style boxes until a fit on real pairs replaces it: same width and horizontal centre, the
    /// top moved down from the hairline to the brows (height × 0.80, centre 0.10·h lower). These are eyeballed
    /// proportions, not a measurement; FaceAnalyzer's second landmark pass (RefineLandmarkBox) absorbs the error.
    /// </summary>
    public static DetectorToLandmarkBox Default { get; } = new(0, 0, 0, 0.10, 1.0, 0, 0, 0.80);

    public Box Apply(Box detector)
    {
        double w = detector.Width, h = detector.Height;
        double cx = detector.CenterX + CxW * w + CxH * h;
        double cy = detector.CenterY + CyW * w + CyH * h;
        double width = WW * w + WH * h, height = HW * w + HH * h;
        return Box.FromCenter(new((float)cx, (float)cy), (float)width, (float)height);
    }

    /// <summary>
    /// Least-squares coefficients from pairs: four independent fits of (cx' − cx, cy' − cy, w', h') on (w, h).
    /// When every detector box has the same aspect ratio, w and h are collinear and only their combination is
    /// determined; a tiny ridge term then picks the smallest coefficients that fit, which reproduce the pairs equally
    /// well. Throws for no pairs or boxes that are empty or not finite.
    /// </summary>
    public static DetectorToLandmarkBox Fit(IEnumerable<(Box Detector, Box Landmark)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        // Normal equations: A = Σ [w h]ᵀ[w h] (2×2, symmetric); one right-hand side per output.
        double sww = 0, swh = 0, shh = 0;
        Span<double> bw = stackalloc double[4], bh = stackalloc double[4];
        bw.Clear();
        bh.Clear();
        int count = 0;
        foreach (var (detector, landmark) in pairs)
        {
            Check(detector, count, "detector");
            Check(landmark, count, "landmark");
            double w = detector.Width, h = detector.Height;
            ReadOnlySpan<double> target =
            [
                landmark.CenterX - detector.CenterX,
                landmark.CenterY - detector.CenterY,
                landmark.Width,
                landmark.Height,
            ];
            sww += w * w;
            swh += w * h;
            shh += h * h;
            for (int k = 0; k < 4; k++)
            {
                bw[k] += w * target[k];
                bh[k] += h * target[k];
            }
            count++;
        }
        if (count == 0)
            throw new ArgumentException("fitting a box mapping needs at least one (detector, landmark) pair", nameof(pairs));
        double ridge = 1e-9 * (sww + shh);
        double a = sww + ridge, b = swh, d = shh + ridge;
        double det = a * d - b * b;
        Span<double> cw = stackalloc double[4], ch = stackalloc double[4];
        for (int k = 0; k < 4; k++)
        {
            cw[k] = (d * bw[k] - b * bh[k]) / det;
            ch[k] = (a * bh[k] - b * bw[k]) / det;
        }
        return new(cw[0], ch[0], cw[1], ch[1], cw[2], ch[2], cw[3], ch[3]);
    }

    private static void Check(Box box, int index, string which)
    {
        if (box.IsEmpty || !float.IsFinite(box.X) || !float.IsFinite(box.Y) || !float.IsFinite(box.Width) || !float.IsFinite(box.Height))
            throw new ArgumentException($"pair {index}: {which} box {box} is empty or not finite");
    }
}
