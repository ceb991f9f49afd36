using System.Runtime.InteropServices;

namespace FaceAlign.Imaging;

/// <summary>Mirror images: left↔right (augmentation, selfie views) and top↔bottom. Exact pixel moves, no resampling.</summary>
public static class Flip
{
    public static Image Horizontal(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        for (int y = 0; y < image.Height; y++)
            ReversePixels(result.Row(y), image.Channels);
        return result;
    }

    public static Image Vertical(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image(image.Width, image.Height, image.Format);
        for (int y = 0; y < image.Height; y++)
            image.Row(y).CopyTo(result.Row(image.Height - 1 - y));
        return result;
    }

    private static void ReversePixels(Span<byte> row, int channels)
    {
        switch (channels)
        {
            case 1:
                row.Reverse();
                break;
            case 4:
                MemoryMarshal.Cast<byte, uint>(row).Reverse();
                break;
            default:
                for (int i = 0, j = row.Length - channels; i < j; i += channels, j -= channels)
                {
                    for (int c = 0; c < channels; c++)
                        (row[i + c], row[j + c]) = (row[j + c], row[i + c]);
                }
                break;
        }
    }
}
