using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>ReLU, y = max(x, 0) (Nair &amp; Hinton 2010).</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0 ? x : 0;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.MaxNative(x, Vector128<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.MaxNative(x, Vector256<float>.Zero);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.MaxNative(x, Vector512<float>.Zero);
}

/// <summary>ReLU's backward mask: Invoke(dY, x) = dY where x &gt; 0, else 0. x may be the input or the output.</summary>
public readonly struct ReluBackwardOperator : IBinaryOperator
{
    public float Invoke(float dY, float x) => x > 0 ? dY : 0;
    public Vector128<float> Invoke(Vector128<float> dY, Vector128<float> x) => dY & Vector128.GreaterThan(x, Vector128<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> dY, Vector256<float> x) => dY & Vector256.GreaterThan(x, Vector256<float>.Zero);
    public Vector512<float> Invoke(Vector512<float> dY, Vector512<float> x) => dY & Vector512.GreaterThan(x, Vector512<float>.Zero);
}
