namespace FaceAlign.Models;

/// <summary>
/// Element types named in the safetensors header ("dtype"), as listed by the huggingface/safetensors README.
/// Only F32, F16 and BF16 can be read as floats; the others are recognised so that their sizes can be validated.
/// </summary>
public enum SafeTensorsDType
{
    Bool,
    U8,
    I8,
    F8E4M3,
    F8E5M2,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    F64,
    I64,
    U64,
}
