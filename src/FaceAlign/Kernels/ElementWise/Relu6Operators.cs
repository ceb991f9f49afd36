using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>ReLU6, y = min(max(x, 0), 6), MobileNet's activation (Howard et al. 2017; Sandler et al. 2018 §3.2).</summary>
public readonly struct Relu6Operator : IUnaryOperator
{
    public float Invoke(float x) => x > 0 ? (x < 6 ? x : 6) : 0;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.MinNative(Vector128.MaxNative(x, Vector128<float>.Zero), Vector128.Create(6f));
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.MinNative(Vector256.MaxNative(x, Vector256<float>.Zero), Vector256.Create(6f));
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.MinNative(Vector512.MaxNative(x, Vector512<float>.Zero), Vector512.Create(6f));
}

/// <summary>ReLU6's backward mask: Invoke(dY, x) = dY where 0 &lt; x &lt; 6, else 0.</summary>
public readonly struct Relu6BackwardOperator : IBinaryOperator
{
    public float Invoke(float dY, float x) => x > 0 && x < 6 ? dY : 0;
    public Vector128<float> Invoke(Vector128<float> dY, Vector128<float> x) =>
        dY & Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128.LessThan(x, Vector128.Create(6f));
    public Vector256<float> Invoke(Vector256<float> dY, Vector256<float> x) =>
        dY & Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256.LessThan(x, Vector256.Create(6f));
    public Vector512<float> Invoke(Vector512<float> dY, Vector512<float> x) =>
        dY & Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512.LessThan(x, Vector512.Create(6f));
}
