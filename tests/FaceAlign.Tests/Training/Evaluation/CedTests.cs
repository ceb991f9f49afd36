using FaceAlign.Training.Evaluation;

namespace FaceAlign.Tests.Training.Evaluation;

public class CedTests
{
    [Fact]
    public void Fractions_at_grid_points_count_errors_at_or_below()
    {
        var points = Ced.Points([0.02f, 0.05f, 0.08f, 0.12f], maxError: 0.1, steps: 5);
        Assert.Equal(6, points.Length);
        double[] errors = [0, 0.02, 0.04, 0.06, 0.08, 0.1];
        double[] fractions = [0, 0.25, 0.25, 0.5, 0.75, 0.75];
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(errors[k], points[k].Error, 12);
            Assert.Equal(fractions[k], points[k].Fraction, 12);
        }
    }
}
