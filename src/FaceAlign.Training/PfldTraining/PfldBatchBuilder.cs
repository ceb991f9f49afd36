// Turns dataset faces into one training batch: crop + augment (PfldAugmentation) straight into the (N, 3, 112, 112)
// input, landmark targets in crop units, pose targets re-estimated on the augmented points (so flips and rotations
// carry into yaw and roll), and each sample's attribute weight. Every face draws from its own generator seeded by
// (seed, epoch, face index), so a batch is identical whichever thread builds it and whenever a run resumes.
using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Models;

namespace FaceAlign.Training.PfldTraining;

public sealed class PfldBatchBuilder(PfldDataset data, PfldAugmentation augmentation, AttributeWeights weights)
{
    private const int Size = Pfld.InputSize;
    private const int Plane = Size * Size;

    public PfldDataset Data => data;

    /// <summary>
    /// Fills images (N·3·112·112), landmarks (N·2K, crop units), angles (N·3, radians: yaw, pitch, roll) and
    /// sampleWeights (N) for the faces <paramref name="indices"/>.
    /// </summary>
    public void Fill(ReadOnlySpan<int> indices, int seed, int epoch, Span<float> images, Span<float> landmarks, Span<float> angles, Span<float> sampleWeights)
    {
        int points = data.Scheme.PointCount;
        Span<Vector2> warped = stackalloc Vector2[points];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            var rng = new Random(MixSeed(seed, epoch, index));
            var image = images.Slice(i * 3 * Plane, 3 * Plane);
            var attributes = data.Attributes[index];
            var transform = RandomCrop(index, rng, out bool flipped);
            ImageTensor.WriteWarped(data.Image(index), transform, Size, Size, Border.Replicate, PfldLandmarker.Normalization, image);

            var source = data.Samples[index].Landmarks;
            var target = landmarks.Slice(i * 2 * points, 2 * points);
            var permutation = data.Scheme.FlipPermutation;
            for (int k = 0; k < points; k++)
            {
                // A mirrored crop swaps left and right: target k is the mirror image of source point flip[k].
                warped[k] = transform.Apply(source[flipped ? permutation[k] : k]);
                target[2 * k] = warped[k].X / Size;
                target[2 * k + 1] = warped[k].Y / Size;
            }
            var pose = HeadPoseEstimator.Estimate(warped, new PnpCamera(Size, Size / 2.0, Size / 2.0)).Angles;
            angles[i * 3] = (float)(pose.Yaw * Math.PI / 180);
            angles[i * 3 + 1] = (float)(pose.Pitch * Math.PI / 180);
            angles[i * 3 + 2] = (float)(pose.Roll * Math.PI / 180);

            Photometric(image, rng);
            if (rng.NextSingle() < augmentation.BlurProbability) BoxBlur3(image);
            if (rng.NextSingle() < augmentation.OcclusionProbability)
            {
                Occlude(image, rng);
                attributes |= PfldAttributes.Occlusion;
            }
            sampleWeights[i] = weights.For(attributes);
        }
    }

    /// <summary>Image → 112×112 crop: the face's crop square, jittered in scale and position, rotated and maybe mirrored.</summary>
    private AffineTransform RandomCrop(int index, Random rng, out bool flipped)
    {
        var box = Box.FromPoints(data.Samples[index].Landmarks);
        float side = Math.Max(box.Width, box.Height);
        float scale = 1 + Uniform(rng, augmentation.ScaleJitter);
        var jittered = Box.FromCenter(
            box.Center + new Vector2(Uniform(rng, augmentation.ShiftJitter), Uniform(rng, augmentation.ShiftJitter)) * side,
            box.Width * scale, box.Height * scale);
        var transform = FaceCrop.FromLandmarkBox(jittered, Size).ImageToCrop;
        double angle = Uniform(rng, augmentation.RotationDegrees) * Math.PI / 180;
        if (angle != 0) transform = transform.Then(AffineTransform.RotationAbout(new Vector2(Size / 2f, Size / 2f), angle));
        flipped = rng.NextSingle() < augmentation.FlipProbability;
        if (flipped) transform = transform.Then(new AffineTransform(-1, 0, Size, 0, 1, 0));
        return transform;
    }

    private void Photometric(Span<float> image, Random rng)
    {
        float contrast = 1 + Uniform(rng, augmentation.Contrast);
        float brightness = Uniform(rng, augmentation.Brightness);
        if (contrast == 1 && brightness == 0) return;
        float mean = System.Numerics.Tensors.TensorPrimitives.Sum(image) / image.Length;
        // v' = (v − mean)·c + mean + b, clamped to the 0..1 range real pixels have.
        for (int j = 0; j < image.Length; j++) image[j] = Math.Clamp((image[j] - mean) * contrast + mean + brightness, 0f, 1f);
    }

    private static void BoxBlur3(Span<float> image)
    {
        Span<float> row = stackalloc float[Size * 3];
        for (int c = 0; c < 3; c++)
        {
            var plane = image.Slice(c * Plane, Plane);
            // Separable 3-tap mean; rows above are already blurred vertically through a 3-row ring (row).
            for (int y = 0; y < Size; y++)
            {
                var line = plane.Slice(y * Size, Size);
                float prev = line[0];
                for (int x = 0; x < Size; x++)
                {
                    float next = line[Math.Min(x + 1, Size - 1)];
                    float current = line[x];
                    line[x] = (prev + current + next) / 3;
                    prev = current;
                }
            }
            var above = row[..Size];
            plane[..Size].CopyTo(above);
            for (int y = 0; y < Size; y++)
            {
                var line = plane.Slice(y * Size, Size);
                var below = plane.Slice(Math.Min(y + 1, Size - 1) * Size, Size);
                var keep = row.Slice(Size, Size);
                line.CopyTo(keep);
                for (int x = 0; x < Size; x++) line[x] = (above[x] + keep[x] + below[x]) / 3;
                keep.CopyTo(above);
            }
        }
    }

    private static void Occlude(Span<float> image, Random rng)
    {
        int w = rng.Next(Size / 10, Size * 2 / 5), h = rng.Next(Size / 10, Size * 2 / 5);
        int x0 = rng.Next(0, Size - w), y0 = rng.Next(0, Size - h);
        for (int c = 0; c < 3; c++)
        {
            float value = rng.NextSingle();
            for (int y = y0; y < y0 + h; y++) image.Slice(c * Plane + y * Size + x0, w).Fill(value);
        }
    }

    private static float Uniform(Random rng, float halfRange) => halfRange == 0 ? 0 : (rng.NextSingle() * 2 - 1) * halfRange;

    // A fixed integer mix (not HashCode, which is randomised per process) so runs are reproducible.
    private static int MixSeed(int seed, int epoch, int index)
    {
        ulong h = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)epoch * 0xC2B2AE3D27D4EB4FUL ^ (ulong)(uint)index * 0x165667B19E3779F9UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return (int)(h & 0x7FFFFFFF);
    }
}
