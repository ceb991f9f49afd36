// Per-face numbers computed from the image and the landmarks: head pose (mean-face PnP, as for the training labels), and the sharpness and coverage quality hints (definitions in FaceQuality).
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;

namespace FaceAlign.Pipeline;

internal static class FaceMeasures
{
    /// <summary>
    /// Pose from 68 or 98 landmarks with the chosen camera guess for an image of the given size (see
    /// <see cref="PoseCamera"/>). Null for other point counts and for landmarks that fit no pose.
    /// </summary>
    public static HeadPose? Pose(Vector2[] landmarks, PoseCamera camera, int imageWidth, int imageHeight)
    {
        if (landmarks.Length is not (68 or 98))
            return null;
        try
        {
            return HeadPoseEstimator.Estimate(landmarks, camera switch
            {
                PoseCamera.Image => PnpCamera.ForImage(imageWidth, imageHeight),
                _ => CropCamera(landmarks),
            });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The camera PfldDataset.Describe labels training faces with: focal = landmark crop side, centred on it.</summary>
    private static PnpCamera CropCamera(Vector2[] landmarks)
    {
        var square = FaceCrop.FromLandmarkBox(Box.FromPoints(landmarks), Pfld.InputSize).Square;
        return new PnpCamera(square.Width, square.CenterX, square.CenterY);
    }

    /// <summary>Share of <paramref name="box"/>'s area outside a width×height image.</summary>
    public static float OutsideFraction(Box box, int width, int height) =>
        box.Area > 0 ? Math.Clamp(1 - box.Clamp(width, height).Area / box.Area, 0f, 1f) : 0f;

    /// <summary>
    /// Variance of the Laplacian (kernel [0 1 0; 1 −4 1; 0 1 0]) over the interior of the grey (Rec. 601 luma)
    /// 112×112 crop framed on <paramref name="landmarkBox"/> the way the landmark model frames it.
    /// </summary>
    public static float Sharpness(Image image, Box landmarkBox)
    {
        const int size = Pfld.InputSize;
        var crop = FaceCrop.FromLandmarkBox(landmarkBox, size);
        var pixels = AffineWarp.Apply(image, crop.ImageToCrop, size, size, Border.Replicate);
        var grey = new float[size * size];
        int ch = pixels.Channels;
        var p = pixels.Pixels;
        for (int i = 0; i < grey.Length; i++)
            grey[i] = ch < 3 ? p[i * ch] : 0.299f * p[i * ch] + 0.587f * p[i * ch + 1] + 0.114f * p[i * ch + 2];
        double sum = 0, sumSquares = 0;
        for (int y = 1; y < size - 1; y++)
        {
            for (int x = 1; x < size - 1; x++)
            {
                int i = y * size + x;
                double lap = grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4.0 * grey[i];
                sum += lap;
                sumSquares += lap * lap;
            }
        }
        int n = (size - 2) * (size - 2);
        double mean = sum / n;
        return (float)Math.Max(0, sumSquares / n - mean * mean);
    }
}
