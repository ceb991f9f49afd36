// The record a training run keeps in its folder: train.log (UTC-stamped lines, also echoed to a console when given) and
// metrics.jsonl (one JSON object per epoch). Both are appended to and flushed per line, so a resumed run continues the
// same files and a killed one loses nothing written.
using System.Text.Json;

namespace FaceAlign.Training.Runs;

public sealed class RunLog : IDisposable
{
    public const string LogFile = "train.log";
    public const string MetricsFile = "metrics.jsonl";

    private readonly StreamWriter log;
    private readonly StreamWriter metrics;
    private readonly TextWriter? console;

    public RunLog(string folder, TextWriter? console = null)
    {
        Directory.CreateDirectory(folder);
        log = new StreamWriter(Path.Combine(folder, LogFile), append: true) { AutoFlush = true };
        metrics = new StreamWriter(Path.Combine(folder, MetricsFile), append: true) { AutoFlush = true };
        this.console = console;
    }

    public void Say(string line)
    {
        log.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}");
        console?.WriteLine(line);
    }

    /// <summary>Appends one record (an anonymous object or a record) as a JSON line.</summary>
    public void Metrics(object record) => metrics.WriteLine(JsonSerializer.Serialize(record));

    public void Dispose()
    {
        log.Dispose();
        metrics.Dispose();
    }
}
