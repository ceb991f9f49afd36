using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>Leaky ReLU, y = x for x &gt; 0, slope·x otherwise (Maas et al. 2013); RetinaFace's SSH heads use slope 0.1.</summary>
public readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    public float Invoke(float x) => x > 0 ? x : slope * x;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, x * slope);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * slope);
}

/// <summary>Leaky ReLU's backward: Invoke(dY, x) = dY where x &gt; 0, slope·dY otherwise.</summary>
public readonly struct LeakyReluBackwardOperator(float slope) : IBinaryOperator
{
    public float Invoke(float dY, float x) => x > 0 ? dY : slope * dY;
    public Vector128<float> Invoke(Vector128<float> dY, Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), dY, dY * slope);
    public Vector256<float> Invoke(Vector256<float> dY, Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), dY, dY * slope);
    public Vector512<float> Invoke(Vector512<float> dY, Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), dY, dY * slope);
}
