// Which gradient values pass back through BatchNorm's output: all of them (OpenGate), or — when a ReLU/ReLU6 is
// fused into the BatchNorm — only those whose pre-activation z = x·scale + shift lies inside (0, high). z is
// recomputed from BatchNorm's input with the forward's roundings (the product, then the sum; never an FMA), so the
// set is exactly the one the forward left unclamped and the backward need not read the output. As structs, the
// kernels are specialised per gate and the open one costs nothing.
using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels;

internal interface IGradientGate
{
    /// <summary>dY where the gate is open at x, else 0.</summary>
    float Apply(float x, float dY);

    Vector512<float> Apply(Vector512<float> x, Vector512<float> dY);
}

internal readonly struct OpenGate : IGradientGate
{
    public float Apply(float x, float dY) => dY;

    public Vector512<float> Apply(Vector512<float> x, Vector512<float> dY) => dY;
}

/// <summary>Open where 0 &lt; x·scale + shift &lt; high (high = +∞ for ReLU, 6 for ReLU6); PyTorch's derivative at the kinks is 0.</summary>
internal readonly struct ClampGate(float scale, float shift, float high) : IGradientGate
{
    private readonly Vector512<float> vScale = Vector512.Create(scale), vShift = Vector512.Create(shift), vHigh = Vector512.Create(high);

    public float Apply(float x, float dY)
    {
        float z = x * scale + shift;
        return z > 0f && z < high ? dY : 0f;
    }

    public Vector512<float> Apply(Vector512<float> x, Vector512<float> dY)
    {
        var z = x * vScale + vShift;
        return Vector512.GreaterThan(z, Vector512<float>.Zero) & Vector512.LessThan(z, vHigh) & dY;
    }
}
