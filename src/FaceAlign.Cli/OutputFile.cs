namespace FaceAlign.Cli;

/// <summary>
/// Writes an output file all-or-nothing: the bytes go to a temporary file beside the target, which is then renamed over
/// it, so a failure never leaves half a file and never destroys what was there before.
/// </summary>
public static class OutputFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
