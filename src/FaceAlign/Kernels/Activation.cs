namespace FaceAlign.Kernels;

/// <summary>An activation fused into a kernel's output write (inference path).</summary>
public enum Activation
{
    None,
    Relu,
    Relu6,
}
