using FaceAlign.Geometry;

namespace FaceAlign.Tests.Geometry;

public class RotationTests
{
    private static void Near((double X, double Y, double Z) expected, (double X, double Y, double Z) actual, double tolerance = 1e-9)
    {
        Assert.True(Math.Abs(expected.X - actual.X) <= tolerance && Math.Abs(expected.Y - actual.Y) <= tolerance && Math.Abs(expected.Z - actual.Z) <= tolerance,
            $"expected {expected}, got {actual}");
    }

    [Fact]
    public void Quarter_turns_move_axes_as_the_right_hand_rule_says()
    {
        Near((0, 0, 1), Rotation.AboutX(Math.PI / 2).Transform((0, 1, 0)));
        Near((1, 0, 0), Rotation.AboutY(Math.PI / 2).Transform((0, 0, 1)));
        Near((0, 1, 0), Rotation.AboutZ(Math.PI / 2).Transform((1, 0, 0)));
        // The rotation vector (0, 0, π/2) is the same quarter turn about z.
        Near((0, 1, 0), Rotation.FromVector((0, 0, Math.PI / 2)).Transform((1, 0, 0)));
        // 120° about (1,1,1)/√3 cycles the axes x → y → z.
        double k = 2 * Math.PI / 3 / Math.Sqrt(3);
        Near((0, 1, 0), Rotation.FromVector((k, k, k)).Transform((1, 0, 0)));
    }

    [Fact]
    public void Rotation_vector_round_trips_including_tiny_and_near_half_turn_angles()
    {
        var rng = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            var axis = Matrix3.Normalize((rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5));
            double angle = i switch { < 10 => 1e-9 * i, < 20 => Math.PI - 1e-7 * (i - 10), _ => rng.NextDouble() * Math.PI * 0.999 };
            var w = Matrix3.Scale(axis, angle);
            var back = Rotation.ToVector(Rotation.FromVector(w));
            Near(w, back, 1e-6);
        }
    }
}
