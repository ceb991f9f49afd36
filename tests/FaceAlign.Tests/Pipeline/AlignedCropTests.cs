using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Landmarks;
using FaceAlign.Pipeline;

namespace FaceAlign.Tests.Pipeline;

/// <summary>
/// Face.AlignedCrop: an image with five bright blobs placed where a known similarity sends the template; the crop must
/// put the blobs back on the ArcFace template (pixel centres at i + ½).
/// </summary>
public sealed class AlignedCropTests
{
    /// <summary>Blobs (Gaussian, σ = 2.5 px) at <paramref name="centres"/> on a black RGB image.</summary>
    private static Image Blobs(int width, int height, IEnumerable<Vector2> centres)
    {
        var image = new Image(width, height, PixelFormat.Rgb8);
        foreach (var c in centres)
        {
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float d2 = Vector2.DistanceSquared(new Vector2(x + 0.5f, y + 0.5f), c);
                    int v = (int)(255 * MathF.Exp(-d2 / (2 * 2.5f * 2.5f)));
                    int i = (y * width + x) * 3;
                    image.Pixels[i] = image.Pixels[i + 1] = image.Pixels[i + 2] = (byte)Math.Max(image.Pixels[i], v);
                }
        }
        return image;
    }

    /// <summary>Intensity-weighted centre (pixel centres at i + ½) of the first channel within a radius of a guess.</summary>
    private static Vector2 Centroid(Image image, Vector2 guess, float radius)
    {
        double sx = 0, sy = 0, s = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                var p = new Vector2(x + 0.5f, y + 0.5f);
                if (Vector2.Distance(p, guess) > radius) continue;
                double w = image.Pixels[(y * image.Width + x) * image.Channels];
                sx += w * p.X;
                sy += w * p.Y;
                s += w;
            }
        return new Vector2((float)(sx / s), (float)(sy / s));
    }

    [Theory]
    [InlineData(112, 0.3, 2.0)]
    [InlineData(112, -0.5, 1.6)]
    [InlineData(224, 0.1, 1.3)]
    public void Template_points_land_on_the_template(int size, double angle, double scale)
    {
        var template = ArcFaceTemplate.For(size);
        // A known crop → image similarity places the face; the crop must undo it.
        var toImage = new SimilarityTransform(scale * 112.0 / size, angle, 150, 120);
        var points = template.Select(toImage.Apply).ToArray();
        var image = Blobs(400, 400, points);
        var face = new Face(Box.FromPoints(points), 0.9f, points);

        var crop = face.AlignedCrop(image, size);

        Assert.Equal((size, size, PixelFormat.Rgb8), (crop.Width, crop.Height, crop.Format));
        float tolerance = 0.08f * size / 112;
        for (int k = 0; k < 5; k++)
        {
            var found = Centroid(crop, template[k], 6f * size / 112);
            Assert.True(Vector2.Distance(found, template[k]) < tolerance, $"point {k}: blob at {found}, template {template[k]}");
        }
    }

    [Fact]
    public void Template_matches_insightface_after_the_half_pixel_shift()
    {
        var t = ArcFaceTemplate.For(112);
        Assert.Equal(new Vector2(38.7946f, 52.1963f), t[0]);
        Assert.Equal(new Vector2(71.2299f, 92.7041f), t[4]);
        Assert.Equal(ArcFaceTemplate.Points112[2] * 2 + new Vector2(0.5f), ArcFaceTemplate.For(224)[2]);
    }

    [Fact]
    public void Landmark_derived_points_take_precedence_over_the_detectors()
    {
        var detector5 = new Vector2[] { new(1, 1), new(9, 1), new(5, 5), new(2, 8), new(8, 8) };
        var landmarks = Enumerable.Range(0, 68).Select(i => new Vector2(10 + i % 9 * 3, 20 + i / 9 * 4)).ToArray();
        Assert.Equal(detector5, new Face(new Box(0, 0, 10, 10), 1, detector5).AlignmentPoints);
        Assert.Equal(LandmarkConversion.Ibug68ToFive(landmarks), new Face(new Box(0, 0, 10, 10), 1, detector5, landmarks).AlignmentPoints);
        Assert.Throws<InvalidOperationException>(() => new Face(new Box(0, 0, 10, 10), 1, []).AlignmentTransform());
    }
}
