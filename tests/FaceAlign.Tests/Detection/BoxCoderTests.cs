using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;

namespace FaceAlign.Tests.Detection;

public class BoxCoderTests
{
    [Fact]
    public void Encoding_matches_a_hand_computation()
    {
        var anchor = new Anchor(100, 50, 32, 32);
        var box = new Box(90, 40, 40, 20);  // centre (110, 50), 40 × 20
        var offsets = new float[4];
        BoxCoder.Encode(box, anchor, offsets);
        Assert.Equal(10 / (0.1f * 32), offsets[0], 5);
        Assert.Equal(0f, offsets[1], 5);
        Assert.Equal(MathF.Log(40f / 32) / 0.2f, offsets[2], 5);
        Assert.Equal(MathF.Log(20f / 32) / 0.2f, offsets[3], 5);
    }

    [Fact]
    public void Boxes_and_landmarks_survive_a_round_trip()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            // float rounding only: within 1e-3 px over a 640-px frame
            var anchor = new Anchor(rng.Next(0, 640), rng.Next(0, 640), rng.Next(16, 512), rng.Next(16, 512));
            var box = new Box(rng.NextSingle() * 600, rng.NextSingle() * 600, 4 + rng.NextSingle() * 600, 4 + rng.NextSingle() * 600);
            var offsets = new float[4];
            BoxCoder.Encode(box, anchor, offsets);
            var back = BoxCoder.Decode(offsets, anchor);
            Assert.Equal(box.X, back.X, 1e-3f);
            Assert.Equal(box.Y, back.Y, 1e-3f);
            Assert.Equal(box.Width, back.Width, 1e-3f);
            Assert.Equal(box.Height, back.Height, 1e-3f);

            var points = Enumerable.Range(0, 5).Select(_ => new Vector2(rng.NextSingle() * 640, rng.NextSingle() * 640)).ToArray();
            var landmarkOffsets = new float[10];
            BoxCoder.EncodeLandmarks(points, anchor, landmarkOffsets);
            var decoded = new Vector2[5];
            BoxCoder.DecodeLandmarks(landmarkOffsets, anchor, decoded);
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(points[k].X, decoded[k].X, 1e-3f);
                Assert.Equal(points[k].Y, decoded[k].Y, 1e-3f);
            }
        }
    }

    [Fact]
    public void Zero_offsets_decode_to_the_anchor_itself()
    {
        var anchor = new Anchor(20, 30, 64, 64);
        Assert.Equal(new Box(-12, -2, 64, 64), BoxCoder.Decode(new float[4], anchor));
        var points = new Vector2[5];
        BoxCoder.DecodeLandmarks(new float[10], anchor, points);
        Assert.All(points, p => Assert.Equal(new Vector2(20, 30), p));
    }

    [Fact]
    public void An_empty_box_cannot_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => BoxCoder.Encode(new Box(0, 0, 0, 10), new Anchor(0, 0, 16, 16), new float[4]));
    }
}
