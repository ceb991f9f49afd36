// Hard-example mining over whole photos. RetinaFace's 3:1 mining only ranks the anchors of the images in a batch; a
// face-like spot of a background photo (a round headlight, a star) is rarely in a batch at the size where it fools the
// detector, so it keeps firing at test time. Here the model in training looks at the face-free photos at three scales;
// everything it finds there is wrong, and the most confident finds go back into the mosaics at their firing size
// (MosaicOptions.HardNegativeProbability), where the ordinary mining then spends its negatives on them.
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Nn;
using FaceAlign.Training.DetectionData;

namespace FaceAlign.Training.DetectorTraining;

public static class HardNegativeMiner
{
    /// <summary>Detections from this score on are kept (well below the analyzer's 0.9, to catch what is getting close).</summary>
    public const float ScoreThreshold = 0.3f;

    /// <summary>The most confident detections kept per photo, over all scales.</summary>
    public const int PerPhoto = 8;

    /// <summary>Scales are skipped when they would make the photo's longer side exceed this (time and memory).</summary>
    public const int MaxLongSide = 1600;

    /// <summary>Each photo is shown halved, as stored and doubled.</summary>
    public static IReadOnlyList<float> Scales { get; } = [0.5f, 1f, 2f];

    /// <summary>Mines with a folded copy of <paramref name="model"/> (left unchanged).</summary>
    public static IReadOnlyList<HardNegative> Mine(RetinaFace model, IEnumerable<string> faceFreePhotos)
    {
        ArgumentNullException.ThrowIfNull(model);
        var detector = DetectorSnapshot.Of(model, FaceDetectorOptions.Default with { ScoreThreshold = ScoreThreshold, MaxLongSide = null, LargeFacePassSize = 0 });
        var found = Mine(detector, faceFreePhotos);
        TensorScope.ReleasePooledMemory();  // the photos' sizes differ from training's; do not let their buffers linger
        return found;
    }

    /// <summary>
    /// Every detection of <paramref name="detector"/> scoring at least <see cref="ScoreThreshold"/> on the photos at
    /// each of <see cref="Scales"/>, boxes mapped back to the photo's pixels (clipped to it); the <see cref="PerPhoto"/>
    /// best per photo, most confident first.
    /// </summary>
    public static IReadOnlyList<HardNegative> Mine(IFaceDetector detector, IEnumerable<string> faceFreePhotos)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(faceFreePhotos);
        var all = new List<HardNegative>();
        foreach (string path in faceFreePhotos)
        {
            var photo = SourcePhoto.Load(path);  // the pixels the composer paints from, so the boxes address them
            var bounds = new Box(0, 0, photo.Width, photo.Height);
            var found = new List<HardNegative>();
            foreach (float scale in Scales)
            {
                int width = (int)Math.Round(photo.Width * scale), height = (int)Math.Round(photo.Height * scale);
                if (Math.Max(width, height) > MaxLongSide || Math.Min(width, height) < FaceDetector.SizeMultiple)
                    continue;
                var shown = scale == 1 ? photo : Resize.Bilinear(photo, width, height);
                float sx = photo.Width / (float)width, sy = photo.Height / (float)height;
                foreach (var face in detector.Detect(shown))
                {
                    if (face.Score < ScoreThreshold)
                        continue;
                    var box = new Box(face.Box.X * sx, face.Box.Y * sy, face.Box.Width * sx, face.Box.Height * sy).Intersect(bounds);
                    if (box.Width >= 1 && box.Height >= 1)
                        found.Add(new HardNegative(path, box, face.Score, width / (float)photo.Width));
                }
            }
            all.AddRange(found.OrderByDescending(n => n.Score).Take(PerPhoto));
        }
        return [.. all.OrderByDescending(n => n.Score)];
    }
}
