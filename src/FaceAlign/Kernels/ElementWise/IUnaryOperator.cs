using System.Runtime.Intrinsics;

namespace FaceAlign.Kernels.ElementWise;

/// <summary>
/// An element-wise y = f(x) at every SIMD width, in the style of System.Numerics.Tensors' operator structs:
/// the operator says what happens to one value or one vector; <see cref="VectorLoop"/> says how to walk a span.
/// Implement as a readonly struct so the loop is specialised and Invoke inlined.
/// </summary>
public interface IUnaryOperator
{
    float Invoke(float x);
    Vector128<float> Invoke(Vector128<float> x);
    Vector256<float> Invoke(Vector256<float> x);
    Vector512<float> Invoke(Vector512<float> x);
}
