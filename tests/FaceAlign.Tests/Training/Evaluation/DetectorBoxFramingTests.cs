using System.Numerics;
using FaceAlign.Detection;
using FaceAlign.Geometry;
using FaceAlign.Pipeline;
using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

/// <summary>Which detected face an annotated face is matched to, with IoUs worked by hand around the 0.3 bar.</summary>
public sealed class DetectorBoxFramingTests
{
    // A square landmark box 100×100 at (50, 60): its detector-convention box is 110 wide, 112 tall, from (45, 48).
    private static readonly Vector2[] Truth = [new(50, 60), new(150, 60), new(100, 110), new(50, 160), new(150, 160)];
    private static readonly Box Expected = new(45, 48, 110, 112);

    private static Face FaceAt(Box box) => new(box, 0.9f, [], [new(box.X, box.Y)]);

    /// <summary>The expected box moved sideways by <paramref name="shift"/> pixels: IoU = (110 − shift) / (110 + shift).</summary>
    private static Face Shifted(float shift) => FaceAt(new Box(Expected.X + shift, Expected.Y, Expected.Width, Expected.Height));

    /// <summary>The shift that gives a same-size box the given IoU: d = w·(1 − t) / (1 + t).</summary>
    private static float ShiftFor(float iou) => Expected.Width * (1 - iou) / (1 + iou);

    [Fact]
    public void The_expected_box_is_the_detector_convention_box_of_the_truth()
    {
        Assert.Equal(DetectorBoxConvention.FromLandmarkBox(Box.FromPoints(Truth)), Expected);
        Assert.Equal(0.32f, Shifted(ShiftFor(0.32f)).Box.IoU(Expected), 4);
    }

    [Fact]
    public void The_best_overlapping_face_is_taken_whatever_its_rank()
    {
        var near = Shifted(5);     // IoU 105/115 = 0.913
        var far = Shifted(40);     // IoU 70/150 = 0.467
        var elsewhere = FaceAt(new Box(400, 400, 110, 112));
        Assert.Same(near, DetectorBoxFraming.Match([elsewhere, far, near], Truth));
        Assert.Same(far, DetectorBoxFraming.Match([elsewhere, far], Truth));
    }

    [Fact]
    public void Faces_below_the_match_iou_are_misses()
    {
        Assert.Equal(0.3f, DetectorBoxFraming.MatchIoU);
        var justAbove = Shifted(ShiftFor(0.32f));
        Assert.Same(justAbove, DetectorBoxFraming.Match([justAbove], Truth));
        Assert.Null(DetectorBoxFraming.Match([Shifted(ShiftFor(0.28f))], Truth));
        Assert.Null(DetectorBoxFraming.Match([FaceAt(new Box(400, 400, 110, 112))], Truth));
        Assert.Null(DetectorBoxFraming.Match([], Truth));
    }
}
