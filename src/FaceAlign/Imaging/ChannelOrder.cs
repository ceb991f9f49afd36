namespace FaceAlign.Imaging;

/// <summary>Order of the colour planes in a network input tensor (models trained with OpenCV usually expect BGR).</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
}
