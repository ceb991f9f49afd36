namespace FaceAlign.Cli;

/// <summary>
/// A one-line progress display on stderr: redrawn in place (at most 10 times a second) on a terminal; when stderr is
/// redirected to a file, a plain line every 30 seconds instead, so logs stay readable.
/// </summary>
public sealed class ProgressLine(TextWriter writer)
{
    private readonly bool live = !Console.IsErrorRedirected;
    private DateTime last = DateTime.MinValue;
    private int lastLength;

    public void Update(string text)
    {
        var now = DateTime.UtcNow;
        if (now - last < (live ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(30))) return;
        last = now;
        if (live)
        {
            writer.Write("\r" + text.PadRight(lastLength));
            lastLength = text.Length;
        }
        else
        {
            writer.WriteLine(text);
        }
    }

    public void Finish()
    {
        if (live && lastLength > 0) writer.WriteLine();
        lastLength = 0;
    }
}
