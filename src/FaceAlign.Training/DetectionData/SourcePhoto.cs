using FaceAlign.Imaging;

namespace FaceAlign.Training.DetectionData;

/// <summary>
/// Reads the photos detector training composes from. Landmarks and mined boxes are in the pixels as stored (shared/data's
/// README), so EXIF orientation is not applied; an unreadable file is named with what is wrong.
/// </summary>
internal static class SourcePhoto
{
    private static readonly DecoderOptions AsStored = new() { ApplyExifOrientation = false };

    public static Image Load(string path)
    {
        try
        {
            return Image.Load(path, AsStored);
        }
        catch (Exception e) when (e is InvalidImageException or IOException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: {(e is FileNotFoundException ? "no such file" : e.Message)}", e);
        }
    }
}
