using FaceAlign.Kernels;

namespace FaceAlign.Tests.Reference;

/// <summary>The activations the kernels fuse, in double precision: the tests' expected values.</summary>
public static class NaiveActivation
{
    /// <summary>act(v): a leaky ReLU when <paramref name="leakySlope"/> is given, else <paramref name="activation"/>.</summary>
    public static double Apply(double v, Activation activation, float? leakySlope = null) =>
        leakySlope is { } slope ? (v > 0 ? v : slope * v) : activation switch
        {
            Activation.Relu => Math.Max(v, 0),
            Activation.Relu6 => Math.Clamp(v, 0, 6),
            _ => v,
        };
}
