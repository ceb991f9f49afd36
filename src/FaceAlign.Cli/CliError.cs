using FaceAlign.Imaging;

namespace FaceAlign.Cli;

/// <summary>
/// Turns library exceptions into the one-line message and exit code the CLI promises:
/// <c>facealign: &lt;file&gt;: &lt;reason&gt;</c> on stderr, exit 1. Library code throws; only the CLI reports.
/// </summary>
public static class CliError
{
    public const int Failure = 1;

    /// <summary>Runs <paramref name="action"/> for <paramref name="subject"/>; returns false after reporting a failure.</summary>
    public static bool Try(string subject, Action action, TextWriter? stderr = null)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (IsReportable(e))
        {
            Report(subject, Describe(e), stderr);
            return false;
        }
        catch (AggregateException e) when (FirstCause(e) is { } cause && IsReportable(cause))
        {
            // Parallel.For wraps the worker's exception; the user wants the first real cause, not the wrapper.
            Report(subject, Describe(cause), stderr);
            return false;
        }
    }

    private static Exception? FirstCause(AggregateException e) => e.Flatten().InnerExceptions.FirstOrDefault();

    public static void Report(string subject, string reason, TextWriter? stderr = null) =>
        (stderr ?? Console.Error).WriteLine($"facealign: {subject}: {reason}");

    /// <summary>Exceptions that describe bad input or an unsupported feature, as opposed to bugs.</summary>
    public static bool IsReportable(Exception e) => e is InvalidImageException or NotSupportedException
        or IOException or UnauthorizedAccessException or FormatException or InvalidDataException
        or ArgumentException or FaceAlign.Models.SafeTensorsFormatException or FaceAlign.Nn.Layers.ModelStateException
        or FaceAlign.Training.Data.AnnotationFormatException;

    public static string Describe(Exception e) => e switch
    {
        FaceAlign.Pipeline.MissingModelException => e.Message,
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such file or directory", // a missing folder on the path (ENOENT)
        NotSupportedException => "unsupported: " + e.Message,
        _ => e.Message,
    };
}
