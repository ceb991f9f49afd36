namespace FaceAlign.Cli;

/// <summary>Reads a command's input file whole, with the errors a shell user expects (a folder is "is a directory", not "access denied").</summary>
internal static class InputFile
{
    public static byte[] Read(string path) =>
        Directory.Exists(path) ? throw new IOException("is a directory") : File.ReadAllBytes(path);
}
