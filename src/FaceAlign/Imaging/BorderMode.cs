namespace FaceAlign.Imaging;

/// <summary>What a resampler reads for source positions outside the image.</summary>
public enum BorderMode
{
    /// <summary>The nearest edge pixel (clamp-to-edge).</summary>
    Replicate,
    /// <summary>A fixed sample value in every channel.</summary>
    Constant,
}
