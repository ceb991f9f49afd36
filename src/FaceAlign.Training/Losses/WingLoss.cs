// Wing loss (Feng et al. 2018, "Wing Loss for Robust Facial Landmark Localisation", eq. 5): for d = p − t,
// ℓ = w·ln(1 + |d|/ε) when |d| < w, else |d| − C with C = w − w·ln(1 + w/ε) joining the pieces continuously.
namespace FaceAlign.Training.Losses;

public sealed class WingLoss : ElementwiseLoss
{
    private readonly double c;

    public WingLoss(float width = 10f, float curvature = 2f, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        if (width <= 0 || curvature <= 0) throw new ArgumentOutOfRangeException(nameof(width), "WingLoss: w and ε must be > 0");
        Width = width;
        Curvature = curvature;
        c = width - width * Math.Log(1 + width / (double)curvature);
    }

    public float Width { get; }      // w

    public float Curvature { get; }  // ε

    protected override double Value(float prediction, float target)
    {
        double d = Math.Abs(prediction - (double)target);
        return d < Width ? Width * Math.Log(1 + d / Curvature) : d - c;
    }

    protected override double Derivative(float prediction, float target)
    {
        double d = prediction - (double)target;
        return Math.Abs(d) < Width ? Width * Math.Sign(d) / (Curvature + Math.Abs(d)) : Math.Sign(d);
    }
}
