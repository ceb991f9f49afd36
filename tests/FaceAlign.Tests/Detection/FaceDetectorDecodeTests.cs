using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Nn;

namespace FaceAlign.Tests.Detection;

/// <summary>Decoding raw head maps: channel-major indexing, the score, the anchor pairing and the map back to the original image.</summary>
public class FaceDetectorDecodeTests
{
    [Fact]
    public void One_firing_anchor_decodes_to_its_box_and_landmarks_in_original_pixels()
    {
        const int rows = 2, columns = 3, cells = rows * columns;
        var logits = new float[2 * 2 * cells];
        var boxes = new float[2 * 4 * cells];
        var points = new float[2 * 10 * cells];
        for (int i = 0; i < logits.Length; i++) logits[i] = i / cells % 2 == 0 ? 3f : -3f;  // channel 2a is background: it wins everywhere
        int cell = 1 * columns + 2, anchor = 1;  // row 1, column 2, second size
        logits[(2 * anchor) * cells + cell] = -1f;
        logits[(2 * anchor + 1) * cells + cell] = 1f;  // face − background = 2 → σ(2) = 0.881
        float[] offsets = [0.5f, -0.25f, 0.3f, -0.1f];
        for (int k = 0; k < 4; k++) boxes[(4 * anchor + k) * cells + cell] = offsets[k];
        for (int k = 0; k < 10; k++) points[(10 * anchor + k) * cells + cell] = k - 4.5f;
        var level = new RetinaFaceLevel(Tensor.FromArray(logits, 1, 4, rows, columns), Tensor.FromArray(boxes, 1, 8, rows, columns),
            Tensor.FromArray(points, 1, 20, rows, columns));
        var anchors = PriorBoxes.Generate(rows * 8, columns * 8).AsSpan(0, cells * 2);

        var found = new List<DetectedFace>();
        FaceDetector.DecodeLevel(level, anchors, 0.5f, 2f, 3f, 0, found);

        var face = Assert.Single(found);
        Assert.Equal(1 / (1 + MathF.Exp(-2)), face.Score, 5);
        var a = new Anchor(2 * 8 + 4, 1 * 8 + 4, 32, 32);
        Assert.Equal(a, anchors[cell * 2 + anchor]);
        var expected = BoxCoder.Decode(offsets, a);
        Assert.Equal(new Box(expected.X * 2, expected.Y * 3, expected.Width * 2, expected.Height * 3), face.Box);
        var landmarkOffsets = Enumerable.Range(0, 10).Select(k => k - 4.5f).ToArray();
        var expectedPoints = new Vector2[5];
        BoxCoder.DecodeLandmarks(landmarkOffsets, a, expectedPoints);
        for (int k = 0; k < 5; k++)
            Assert.Equal(new Vector2(expectedPoints[k].X * 2, expectedPoints[k].Y * 3), face.Landmarks5[k]);

        found.Clear();
        FaceDetector.DecodeLevel(level, anchors, 0.9f, 1, 1, 0, found);
        Assert.Empty(found);
        FaceDetector.DecodeLevel(level, anchors, 0.5f, 1, 1, minSide: 1000, found);
        Assert.Empty(found);
    }
}
